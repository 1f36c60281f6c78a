package dev.trueup.policy;

import java.util.Locale;

/** What happens to a change now, in this run. */
public enum Step {
  APPLY_NOW("apply now", true),
  /** A staged change on production whose staging counterpart is not applied and verified yet. */
  WAIT_FOR_STAGING("staging first", false),
  HOLD_FOR_APPROVAL("needs approval", false),
  /** A person is told; nothing is applied until they decide. */
  NOTIFY_ONLY("notify only", false),
  /** Live moved outside trueup; put it back. */
  REVERT_DRIFT("revert drift", true),
  /** Live moved outside trueup; left alone and reported for review. */
  FLAG_DRIFT("drift flagged", false),
  /** Live moved outside trueup, and a person snoozed it: neither reverted nor alerted yet. */
  SNOOZED("drift snoozed", false),
  /** Would apply now, but no maintenance window that governs its class is open. */
  WAIT_FOR_WINDOW("waits for window", false),
  /** Would apply now, but it disrupts what a busy check guards, and the check says busy. */
  DEFERRED("deferred", false),
  /** A drift revert waiting for a maintenance window. */
  REVERT_WAITS_FOR_WINDOW("revert waits for window", false, true),
  /** A drift revert deferred by a busy check. */
  REVERT_DEFERRED("revert deferred", false, true);

  private final String label;
  private final boolean applies;
  private final boolean heldDrift;

  Step(String label, boolean applies) {
    this(label, applies, false);
  }

  Step(String label, boolean applies, boolean heldDrift) {
    this.label = label;
    this.applies = applies;
    this.heldDrift = heldDrift;
  }

  /** Live drift found and not snoozed: reverted now, flagged, or a revert held until later. */
  public boolean drift() {
    return this == REVERT_DRIFT || this == FLAG_DRIFT || heldDrift;
  }

  /** This step held until later: for a window, or while the node is busy. */
  public Step held(boolean forWindow) {
    if (this == REVERT_DRIFT) {
      return forWindow ? REVERT_WAITS_FOR_WINDOW : REVERT_DEFERRED;
    }
    if (this == APPLY_NOW) {
      return forWindow ? WAIT_FOR_WINDOW : DEFERRED;
    }
    throw new IllegalStateException(this + " does not apply now: nothing to hold");
  }

  /** How reports name the step. */
  public String label() {
    return label;
  }

  /** Whether this run changes the node. */
  public boolean applies() {
    return applies;
  }

  public String json() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Step fromJson(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
