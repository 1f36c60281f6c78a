package dev.trueup.engine;

import dev.trueup.apply.ApplyJournal;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.diff.Change;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import dev.trueup.store.AppliedRevision;
import dev.trueup.store.HeldLock;
import dev.trueup.store.NodeLock;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * Holds a node's store lock for exactly as long as its apply runs, so that across runs and replicas
 * one node is changed by at most one run at a time. On PostgreSQL the lock is a session advisory
 * lock: a killed replica's locks go with its connection and another replica takes the node over on
 * its next cycle.
 *
 * <p>A node another run holds is deferred, not failed. So is a node another run applied after this
 * run began: this run's plan of it may be older than what is live (a replica that synced a moment
 * earlier must not put back an older revision), so the next cycle re-plans it.
 */
final class LockedApplier implements NodeApplier {
  private final NodeApplier inner;
  private final Store store;
  private final Run run;

  LockedApplier(NodeApplier inner, Store store, Run run) {
    this.inner = inner;
    this.store = store;
    this.run = run;
  }

  /** Only reads: no lock taken. */
  @Override
  public List<dev.trueup.apply.HealthAnswer> healthNow(Node node) {
    return inner.healthNow(node);
  }

  @Override
  public NodeApplyResult apply(
      Node node, DesiredNode desired, List<Change> changes, ApplyJournal journal) {
    Optional<NodeLock> lock = store.nodeLocks().tryLock(node.name());
    if (lock.isEmpty()) {
      return NodeApplyResult.deferred(node.name(), changes, "being changed by " + holder(node));
    }
    try (NodeLock held = lock.get()) {
      Optional<AppliedRevision> last = store.appliedRevisions().get(node.name());
      if (last.isPresent()
          && last.get().appliedAt().isAfter(run.startedAt())
          && !last.get().runId().equals(Optional.of(run.id()))) {
        return NodeApplyResult.deferred(
            node.name(),
            changes,
            "run "
                + last.get().runId().map(String::valueOf).orElse("?")
                + " applied "
                + last.get().desiredRevision()
                + " here after this run began; the next cycle plans it again");
      }
      return inner.apply(node, desired, changes, journal);
    }
  }

  private String holder(Node node) {
    return store.nodeLocks().held().stream()
        .filter(h -> h.node().equals(node.name()))
        .map(HeldLock::owner)
        .findFirst()
        .map(owner -> "another run (" + owner + ")")
        .orElse("another run");
  }
}
