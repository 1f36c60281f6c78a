package dev.trueup.engine;

import dev.trueup.apply.NodeApplyResult;
import dev.trueup.diff.Change;
import dev.trueup.plan.Plan;
import dev.trueup.policy.Decision;
import dev.trueup.store.Approval;
import dev.trueup.validate.ValidationReport;
import java.util.List;
import java.util.Optional;

/**
 * What an apply run did: the plan it decided, what each node's apply came to, what waits for a
 * person and what was only notified. A value apart from the plan; never mutates it.
 *
 * @param refused why nothing was applied at all (invalid revision, stale plan, mass deletion)
 */
public record ApplyRun(
    long runId,
    ValidationReport validation,
    Optional<Plan> plan,
    List<NodeApplyResult> nodes,
    List<Approval> held,
    List<Noted> notified,
    Optional<String> refused,
    Optional<String> stopped) {

  /** A change nothing is done about until a person decides (business decisions, flagged drift). */
  public record Noted(String node, Change change, Decision decision) {}

  public ApplyRun {
    nodes = List.copyOf(nodes);
    held = List.copyOf(held);
    notified = List.copyOf(notified);
  }

  /** Nodes another run had: a later cycle finishes them (see {@link LockedApplier}). */
  public List<String> deferred() {
    return nodes.stream()
        .filter(n -> n.outcome() == NodeApplyResult.Outcome.DEFERRED)
        .map(NodeApplyResult::node)
        .toList();
  }

  public boolean failed() {
    return refused.isPresent() || nodes.stream().anyMatch(NodeApplyResult::failed);
  }
}
