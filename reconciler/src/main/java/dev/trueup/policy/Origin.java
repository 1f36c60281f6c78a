package dev.trueup.policy;

import java.util.Locale;

/** Why a change exists: desired state moved, live state moved, or trueup never applied here. */
public enum Origin {
  /** The repository moved since the last applied revision. */
  DESIRED_CHANGED,
  /** Desired state did not move but live did: someone changed the node outside trueup. */
  LIVE_DRIFT,
  /** There is no record of a previous apply (a new node, or trueup adopting one). */
  NEW;

  public String json() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Origin fromJson(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
