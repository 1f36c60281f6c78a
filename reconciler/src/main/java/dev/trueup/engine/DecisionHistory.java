package dev.trueup.engine;

import dev.trueup.model.DesiredState;
import dev.trueup.policy.ChangeKey;
import dev.trueup.policy.PromotionState;
import dev.trueup.render.ResourceKind;
import java.util.Optional;
import java.util.Set;

/**
 * What earlier runs left behind that decisions depend on: what was applied where, what staging
 * already verified, what people approved. The state store provides it; a plan without a store uses
 * {@link #NONE} (everything is new, nothing approved).
 */
public interface DecisionHistory {

  DecisionHistory NONE =
      new DecisionHistory() {
        @Override
        public boolean hasHistory() {
          return false;
        }

        @Override
        public Optional<String> lastAppliedRevision(String node) {
          return Optional.empty();
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
      };

  /** Whether anything was ever applied to this fleet (a node then appearing is "added"). */
  boolean hasHistory();

  /**
   * Whether the node joined a fleet that had been applied before (so its first apply adds it): by
   * default, whenever there is history.
   */
  default boolean joinedLater(String node) {
    return hasHistory();
  }

  /**
   * The revision last applied to the node: a commit id, or a content digest ({@code tree:...}) when
   * what was applied was not a commit. Present means the node was applied, whatever the form.
   */
  Optional<String> lastAppliedRevision(String node);

  /** This exact desired resource was applied to the node before: desired did not move. */
  boolean applied(ChangeKey key);

  /** Some version of the resource was applied to the node before. */
  boolean appliedAny(String node, ResourceKind kind, String id);

  /** What staging nodes (by the state's environments) already carry, applied and verified. */
  PromotionState promotion(DesiredState state);

  Set<ChangeKey> approvals();

  /**
   * Why live drift on that resource is left alone for now ("snoozed until ... by ...: ..."), if a
   * person snoozed it and the date has not passed.
   */
  default Optional<String> snoozed(String node, ResourceKind kind, String id) {
    return Optional.empty();
  }
}
