package dev.trueup.model;

import java.util.Locale;

/** What to do when live state moved while desired state did not. */
public enum DriftAction {
  REVERT,
  FLAG;

  public String yaml() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DriftAction fromYaml(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
