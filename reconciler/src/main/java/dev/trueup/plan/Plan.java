package dev.trueup.plan;

import java.util.List;

/**
 * A plan is data: computed once from a desired revision and the live state, then printed, saved,
 * posted or applied. Applying it is refused when the live fingerprint has moved.
 *
 * @param desiredRevision the desired-state revision (a commit id) the plan was made from
 * @param liveFingerprint SHA-256 of the canonical form of every observed node
 */
public record Plan(
    String desiredRevision, String liveFingerprint, List<NodePlan> nodes, Summary summary) {

  public Plan {
    nodes = List.copyOf(nodes);
  }

  public boolean hasChanges() {
    return summary.total() > 0;
  }
}
