package dev.trueup.review;

import dev.trueup.engine.DecisionHistory;
import dev.trueup.model.DesiredState;
import dev.trueup.policy.ChangeKey;
import dev.trueup.policy.PromotionState;
import dev.trueup.render.ResourceKind;
import java.util.Optional;
import java.util.Set;

/**
 * The history a review decides with: the commits that count for a node already in the base are the
 * pull request's own (base..head); a node the pull request adds counts all of its history. Nothing
 * is known to be applied, approved or verified: a review reads no store.
 */
record SinceBase(String baseCommit, Set<String> baseNodes) implements DecisionHistory {
  SinceBase {
    baseNodes = Set.copyOf(baseNodes);
  }

  @Override
  public boolean hasHistory() {
    return false;
  }

  @Override
  public Optional<String> lastAppliedRevision(String node) {
    return baseNodes.contains(node) ? Optional.of(baseCommit) : Optional.empty();
  }

  @Override
  public boolean applied(ChangeKey key) {
    return false;
  }

  @Override
  public boolean appliedAny(String node, ResourceKind kind, String id) {
    return false;
  }

  @Override
  public PromotionState promotion(DesiredState state) {
    return PromotionState.none();
  }

  @Override
  public Set<ChangeKey> approvals() {
    return Set.of();
  }
}
