package dev.trueup.history;

import java.util.Locale;

/**
 * Where a node stands against the revision serve follows, in the one word a person scans the fleet
 * for. The worst one wins: a node that is away cannot be in sync, a failed change outranks a held
 * one, drift outranks being behind.
 */
public enum Standing {
  AWAY("away"),
  FAILED("away"),
  HELD("held"),
  DRIFTED("held"),
  BEHIND("held"),
  IN_SYNC("ok"),
  /** Known to the desired state, never applied in full. */
  NEVER_APPLIED("held");

  private final String tone;

  Standing(String tone) {
    this.tone = tone;
  }

  /** {@code in-sync}: the JSON and the page's word. */
  public String json() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public String label() {
    return switch (this) {
      case AWAY -> "away";
      case FAILED -> "failed";
      case HELD -> "changes held";
      case DRIFTED -> "drifted";
      case BEHIND -> "behind";
      case IN_SYNC -> "in sync";
      case NEVER_APPLIED -> "never applied";
    };
  }

  /** The page's colour class: ok (green), away (red) or held (amber). */
  public String tone() {
    return tone;
  }

  /**
   * @param converged the revision last applied to the node in full, or null
   * @param head the revision serve follows, or null before its first run
   * @param failed whether the node's latest run failed or rolled back a change
   * @param driftedSinceConverged whether the latest drift check found drift after the node last
   *     converged
   */
  public static Standing of(
      boolean away,
      String converged,
      String head,
      int held,
      boolean failed,
      boolean driftedSinceConverged) {
    if (away) {
      return AWAY;
    }
    if (failed) {
      return FAILED;
    }
    if (held > 0) {
      return HELD;
    }
    if (driftedSinceConverged) {
      return DRIFTED;
    }
    if (converged == null) {
      return NEVER_APPLIED;
    }
    // Both are a plan's desiredRevision (the store records the one it applied): compared as is.
    return head != null && !converged.equals(head) ? BEHIND : IN_SYNC;
  }
}
