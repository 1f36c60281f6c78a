package dev.trueup.apply;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What applying one node's changes came to: a value separate from the plan.
 *
 * @param reason why the node did not end APPLIED (short, for people)
 * @param rollback present when the node's changes were undone (or undoing was attempted)
 */
public record NodeApplyResult(
    String node,
    Outcome outcome,
    List<ChangeResult> changes,
    Optional<String> reason,
    Optional<Rollback> rollback,
    Duration elapsed) {

  public NodeApplyResult {
    changes = List.copyOf(changes);
  }

  public enum Outcome {
    /** Nothing to do: the node already matched. */
    NO_CHANGES,
    APPLIED,
    /** Applied, then verification or a health check failed and the node was restored. */
    ROLLED_BACK,
    /** Not applied (unreachable, refused) or a rollback that did not complete. */
    FAILED,
    /** Stopped in the middle with an unknown outcome; the next run re-observes and finishes. */
    INTERRUPTED,
    /** Not started: the rollout stopped at its failure threshold. */
    SKIPPED,
    /**
     * Not started: another run (possibly another replica) holds the node, or changed it after this
     * run began; the next cycle re-plans the node.
     */
    DEFERRED
  }

  /**
   * @param backupId where the previous versions are kept on the node ({@code
   *     /var/lib/trueup/backup/<backupId>/})
   * @param complete whether every change was undone
   */
  public record Rollback(String backupId, boolean complete) {}

  /** Nothing was attempted on the node: every change failed for the same reason. */
  public static NodeApplyResult refused(
      String node, List<dev.trueup.diff.Change> changes, String reason) {
    List<ChangeResult> results =
        changes.stream()
            .map(
                c ->
                    new ChangeResult(
                        c.kind(),
                        c.id(),
                        c.action(),
                        ChangeResult.Status.FAILED,
                        Optional.of(reason)))
            .toList();
    return new NodeApplyResult(
        node, Outcome.FAILED, results, Optional.of(reason), Optional.empty(), Duration.ZERO);
  }

  /** Nothing was attempted on the node: another run has it (see {@link Outcome#DEFERRED}). */
  public static NodeApplyResult deferred(
      String node, List<dev.trueup.diff.Change> changes, String reason) {
    List<ChangeResult> results =
        changes.stream().map(c -> ChangeResult.of(c, ChangeResult.Status.SKIPPED, reason)).toList();
    return new NodeApplyResult(
        node, Outcome.DEFERRED, results, Optional.of(reason), Optional.empty(), Duration.ZERO);
  }

  /** Whether the node counts against a rollout's failure threshold. */
  public boolean failed() {
    return outcome == Outcome.FAILED
        || outcome == Outcome.ROLLED_BACK
        || outcome == Outcome.INTERRUPTED;
  }

  public long count(ChangeResult.Status status) {
    return changes.stream().filter(c -> c.status() == status).count();
  }
}
