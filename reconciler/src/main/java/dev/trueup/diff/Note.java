package dev.trueup.diff;

import java.util.Locale;

/**
 * Something a plan must say about a node that is not a change: a resource that could not be
 * rendered, or cannot exist on the node, and why.
 */
public record Note(Kind kind, String resource, String message) {

  public enum Kind {
    /** The resource could not be rendered; the plan for this node is incomplete. */
    RENDER_ERROR,
    /**
     * The resource cannot exist on this node as it is: no systemd for its units and timers, no
     * container engine that answers for its containers, a container of the same name trueup does
     * not own. The node cannot reach its desired state whatever is applied.
     */
    UNCONVERGEABLE,
    /**
     * Something outside trueup does what a trueup resource does (a crontab line running a trueup
     * schedule's command): applied, the node does it twice.
     */
    DUPLICATE,
    /** Left alone and harmless to the outcome (plans saved by earlier versions say so too). */
    SKIPPED;

    /** Whether the plan cannot promise the node its desired state: {@code trueup plan} exits 1. */
    public boolean failsThePlan() {
      return this != SKIPPED;
    }

    public String json() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Kind fromJson(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
