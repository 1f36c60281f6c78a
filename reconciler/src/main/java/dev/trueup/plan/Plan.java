package dev.trueup.plan;

import dev.trueup.diff.Change;
import dev.trueup.policy.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

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

  /** This plan with every change decided by {@code decide} (classify, then decide, per change). */
  public Plan decided(BiFunction<NodePlan, Change, Decision> decide) {
    List<NodePlan> out = new ArrayList<>();
    for (NodePlan n : nodes) {
      out.add(n.withDecisions(n.changes().stream().map(c -> decide.apply(n, c)).toList()));
    }
    return new Plan(desiredRevision, liveFingerprint, out, summary);
  }
}
