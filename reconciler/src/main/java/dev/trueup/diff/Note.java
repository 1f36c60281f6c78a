package dev.trueup.diff;

import java.util.Locale;

/** Something a plan must say about a node that is not a change: a resource left alone and why. */
public record Note(Kind kind, String resource, String message) {

  public enum Kind {
    /** The resource could not be rendered; the plan for this node is incomplete. */
    RENDER_ERROR,
    /** The resource does not apply to this node (e.g. no systemd there). */
    SKIPPED;

    public String json() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Kind fromJson(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
