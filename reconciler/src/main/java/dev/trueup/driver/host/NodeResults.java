package dev.trueup.driver.host;

import dev.trueup.apply.ApplyJournal;
import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.ChangeResult.Status;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.apply.NodeApplyResult.Outcome;
import dev.trueup.apply.NodeApplyResult.Rollback;
import dev.trueup.diff.Change;
import dev.trueup.driver.host.ApplyScript.Frame;
import dev.trueup.model.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How a node's apply ended, as its result: each change's status and the node's outcome. */
final class NodeResults {
  private NodeResults() {}

  /**
   * The script stopped without saying it finished: what it reported done is applied; the rest is
   * left open in the journal, as a killed process would leave it, for the next run to re-observe.
   */
  static NodeApplyResult interrupted(
      Node node,
      List<Step> steps,
      Map<String, Frame> frames,
      long[] ids,
      ApplyJournal journal,
      String why,
      long start) {
    List<ChangeResult> results = new ArrayList<>();
    for (Step s : steps) {
      Frame f = frames.get(ScriptApplier.key(s));
      if (f != null && f.ok() && !f.skipped()) {
        journal.completed(ids[s.index()]);
        results.add(ChangeResult.of(s.change(), Status.APPLIED, null));
      } else {
        results.add(ChangeResult.of(s.change(), Status.FAILED, "interrupted: outcome unknown"));
      }
    }
    return result(node, Outcome.INTERRUPTED, results, why, null, start);
  }

  /**
   * The script ended failed before its first change (the node lock another apply holds, an unusable
   * state or backup directory): nothing was changed, so there is nothing to roll back, and every
   * change failed for that reason.
   */
  static NodeApplyResult stoppedBeforeChanges(
      Node node, List<Step> steps, long[] ids, ApplyJournal journal, Frame end, long start) {
    String why = end.reason().filter(r -> !r.equals("failed")).orElse("apply script failed");
    List<ChangeResult> results = new ArrayList<>();
    for (Step s : steps) {
      ChangeResult r = ChangeResult.of(s.change(), Status.FAILED, why);
      closeEntry(journal, ids[s.index()], r);
      results.add(r);
    }
    return result(node, Outcome.FAILED, results, why, null, start);
  }

  static NodeApplyResult refuse(
      Node node, List<Change> changes, List<Step.Refusal> refused, long start) {
    List<ChangeResult> results = new ArrayList<>();
    for (Change c : changes.stream().sorted(Step.ORDER).toList()) {
      Optional<Step.Refusal> r = refused.stream().filter(x -> x.change() == c).findFirst();
      results.add(
          r.isPresent()
              ? ChangeResult.of(c, Status.FAILED, r.get().reason())
              : ChangeResult.of(c, Status.SKIPPED, "another change of the node was refused"));
    }
    Step.Refusal first = refused.get(0);
    return result(
        node, Outcome.FAILED, results, first.change().id() + ": " + first.reason(), null, start);
  }

  static List<ChangeResult> skipped(List<Step> steps, String reason) {
    return steps.stream().map(s -> ChangeResult.of(s.change(), Status.SKIPPED, reason)).toList();
  }

  static NodeApplyResult result(
      Node node,
      Outcome outcome,
      List<ChangeResult> changes,
      String reason,
      Rollback rollback,
      long start) {
    return new NodeApplyResult(
        node.name(),
        outcome,
        changes,
        Optional.ofNullable(reason),
        Optional.ofNullable(rollback),
        Duration.ofNanos(System.nanoTime() - start));
  }

  static void closeEntry(ApplyJournal journal, long id, ChangeResult r) {
    switch (r.status()) {
      case APPLIED -> journal.completed(id);
      default ->
          journal.failed(
              id, r.status().name().toLowerCase() + r.reason().map(x -> ": " + x).orElse(""));
    }
  }
}
