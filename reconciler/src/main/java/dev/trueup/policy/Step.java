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
  SNOOZED("drift snoozed", false);

  private final String label;
  private final boolean applies;

  Step(String label, boolean applies) {
    this.label = label;
    this.applies = applies;
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
