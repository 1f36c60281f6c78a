package dev.trueup.engine;

import dev.trueup.diff.Change;
import dev.trueup.model.DesiredState;
import dev.trueup.plan.Plan;
import dev.trueup.policy.DeletionGuard;
import dev.trueup.render.DesiredNode;
import dev.trueup.store.AppliedRevision;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Why an apply refuses before it writes anything: a stale saved plan, a mass deletion. */
final class ApplyRefusals {
  private ApplyRefusals() {}

  static Optional<String> staleness(Plan saved, Plan fresh) {
    if (!saved.desiredRevision().equals(fresh.desiredRevision())) {
      return Optional.of(
          "plan is stale: it was made for revision "
              + saved.desiredRevision()
              + ", the repository is at "
              + fresh.desiredRevision());
    }
    if (!saved.liveFingerprint().equals(fresh.liveFingerprint())) {
      return Optional.of(
          "plan is stale: the live state moved since it was made (fingerprint "
              + saved.liveFingerprint()
              + " → "
              + fresh.liveFingerprint()
              + "); plan again");
    }
    return Optional.empty();
  }

  /** Deleting most of what is managed is refused unless asked for (empty repo, wrong branch). */
  static Optional<String> massDeletion(
      Plan plan,
      DesiredState state,
      Map<String, DesiredNode> rendered,
      boolean allowMassDelete,
      List<AppliedRevision> applied) {
    List<Change> all = plan.nodes().stream().flatMap(n -> n.changes().stream()).toList();
    int managed =
        rendered.values().stream().mapToInt(d -> d.resources().size()).sum()
            + (int) all.stream().filter(c -> c.action() == dev.trueup.diff.Action.DELETE).count();
    if (DeletionGuard.check(state.policy(), all, managed, allowMassDelete)
        instanceof DeletionGuard.Refused refused) {
      return Optional.of(refused.message());
    }
    long known = applied.size();
    long gone = applied.stream().filter(r -> !state.nodes().containsKey(r.node())).count();
    if (!allowMassDelete && known > 0 && gone > state.policy().maxDeleteFraction() * known) {
      return Optional.of(
          gone
              + " of "
              + known
              + " nodes trueup has applied to are missing from the desired state"
              + " (wrong branch or directory?); pass --allow-mass-delete if that is intended");
    }
    return Optional.empty();
  }
}
