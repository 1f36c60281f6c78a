package dev.trueup.notify;

import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.diff.Change;
import dev.trueup.engine.ApplyRun;
import dev.trueup.live.Reachability;
import dev.trueup.model.AlertLevel;
import dev.trueup.plan.NodePlan;
import dev.trueup.policy.Decision;
import dev.trueup.policy.Step;
import dev.trueup.store.Approval;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Maps what an apply run produced to events at the levels seed 000 sets. Pure. */
public final class Events {
  private Events() {}

  /**
   * The event of a node that could not be observed: a changed host key (critical) or no answer
   * (high). Empty for an observed node. Apply runs and drift checks raise the same one, so the
   * outbox de-duplicates the two.
   */
  public static Optional<Event> reachability(NodePlan np) {
    return switch (np.reachability()) {
      case Reachability.HostKeyRejected h ->
          Optional.of(
              Event.of(
                  AlertLevel.CRITICAL,
                  Event.Kind.HOST_KEY_CHANGED,
                  np.node(),
                  np.node() + ": host key changed, connection refused",
                  List.of(
                      "presented " + h.presented(), "pinned " + String.join(", ", h.expected()))));
      case Reachability.Unreachable u ->
          Optional.of(
              Event.of(
                  AlertLevel.HIGH,
                  Event.Kind.NODE_UNREACHABLE,
                  np.node(),
                  np.node() + ": not reachable",
                  List.of(u.reason())));
      case Reachability.Observed o -> Optional.empty();
    };
  }

  public static List<Event> from(ApplyRun run) {
    List<Event> out = new ArrayList<>();
    run.refused()
        .ifPresent(
            why ->
                out.add(
                    Event.of(
                        AlertLevel.CRITICAL,
                        Event.Kind.APPLY_FAILED,
                        "*",
                        "apply refused: " + why,
                        List.of(why))));
    Map<String, Step> steps = new HashMap<>();
    Set<String> unreached = new HashSet<>();
    for (NodePlan np : run.plan().map(p -> p.nodes()).orElse(List.of())) {
      Optional<Event> unreachable = reachability(np);
      if (unreachable.isPresent()) {
        unreached.add(np.node());
        out.add(unreachable.get());
      }
      for (int i = 0; i < np.changes().size(); i++) {
        Optional<Decision> d = np.decision(i);
        Change c = np.changes().get(i);
        if (d.isPresent()) {
          steps.put(np.node() + "\u0000" + ChangeResult.key(c), d.get().step());
        }
      }
    }
    for (NodePlan np : run.plan().map(p -> p.nodes()).orElse(List.of())) {
      deferred(np).ifPresent(out::add);
    }
    for (NodeApplyResult r : run.nodes()) {
      switch (r.outcome()) {
        case ROLLED_BACK ->
            out.add(
                Event.of(
                    AlertLevel.CRITICAL,
                    Event.Kind.ROLLED_BACK,
                    r.node(),
                    r.node() + ": changes rolled back",
                    failureLines(r)));
        case FAILED, INTERRUPTED -> {
          if (!unreached.contains(r.node())) {
            out.add(
                Event.of(
                    AlertLevel.CRITICAL,
                    Event.Kind.APPLY_FAILED,
                    r.node(),
                    r.node()
                        + ": apply "
                        + (r.outcome() == NodeApplyResult.Outcome.FAILED
                            ? "failed"
                            : "interrupted"),
                    failureLines(r)));
          }
        }
        case APPLIED -> {
          List<String> applied = new ArrayList<>();
          List<String> reverted = new ArrayList<>();
          for (ChangeResult c : r.changes()) {
            if (c.status() != ChangeResult.Status.APPLIED) {
              continue;
            }
            String line =
                c.action().toString().toLowerCase(java.util.Locale.ROOT)
                    + " "
                    + c.kind().json()
                    + " "
                    + c.id();
            Step step = steps.get(r.node() + "\u0000" + c.kind().json() + ":" + c.id());
            (step == Step.REVERT_DRIFT ? reverted : applied).add(line);
          }
          if (!applied.isEmpty()) {
            out.add(
                Event.of(
                    AlertLevel.MEDIUM,
                    Event.Kind.AUTO_APPLIED,
                    r.node(),
                    r.node() + ": " + applied.size() + " change(s) applied",
                    applied));
          }
          if (!reverted.isEmpty()) {
            out.add(
                Event.of(
                    AlertLevel.MEDIUM,
                    Event.Kind.DRIFT_REVERTED,
                    r.node(),
                    r.node() + ": " + reverted.size() + " drifted resource(s) put back",
                    reverted));
          }
        }
        case NO_CHANGES, SKIPPED -> {}
      }
    }
    for (Approval a : run.held()) {
      List<String> lines = new ArrayList<>();
      lines.add("approve with: trueup approve " + a.id());
      lines.add("class " + a.changeClass().yaml());
      a.reason().ifPresent(lines::add);
      out.add(
          new Event(
              AlertLevel.HIGH,
              Event.Kind.APPROVAL_NEEDED,
              a.node(),
              a.node() + ": approval needed for " + a.resource(),
              lines,
              "approval-needed:" + a.node() + ":" + a.id()));
    }
    for (ApplyRun.Noted n : run.notified()) {
      Change c = n.change();
      out.add(
          Event.of(
              AlertLevel.HIGH,
              Event.Kind.DECISION_NEEDED,
              n.node(),
              n.node()
                  + ": "
                  + n.decision().step().label()
                  + " for "
                  + c.kind().json()
                  + " "
                  + c.id(),
              List.of(
                  "class " + n.decision().classification().changeClass().yaml(),
                  n.decision().reason())));
    }
    out.add(summary(run));
    return List.copyOf(out);
  }

  /** The changes of a node that busy checks hold back, if any, as one event. */
  private static Optional<Event> deferred(NodePlan np) {
    List<String> lines = new ArrayList<>();
    Set<String> why = new java.util.TreeSet<>();
    for (int i = 0; i < np.changes().size(); i++) {
      Optional<Decision> d = np.decision(i);
      if (d.isPresent()
          && (d.get().step() == Step.DEFERRED || d.get().step() == Step.REVERT_DEFERRED)) {
        Change c = np.changes().get(i);
        lines.add(c.kind().json() + " " + c.id() + ": " + d.get().reason());
        why.add(d.get().reason());
      }
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Event.of(
            AlertLevel.LOW,
            Event.Kind.CHANGES_DEFERRED,
            np.node(),
            np.node() + ": " + lines.size() + " change(s) " + String.join("; ", why),
            lines));
  }

  private static Event summary(ApplyRun run) {
    Map<NodeApplyResult.Outcome, Integer> counts =
        new java.util.EnumMap<>(NodeApplyResult.Outcome.class);
    run.nodes().forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
    List<String> lines = new ArrayList<>();
    counts.forEach(
        (k, v) ->
            lines.add(k.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + v));
    if (!run.held().isEmpty()) {
      lines.add("held for approval: " + run.held().size());
    }
    run.refused().ifPresent(r -> lines.add("refused: " + r));
    String subject =
        "run "
            + run.runId()
            + (run.failed() ? " failed" : " finished")
            + ", "
            + run.nodes().size()
            + " node(s)";
    return new Event(
        AlertLevel.LOW, Event.Kind.RUN_SUMMARY, "*", subject, lines, "run-summary:" + run.runId());
  }

  private static List<String> failureLines(NodeApplyResult r) {
    List<String> lines = new ArrayList<>();
    r.reason().ifPresent(lines::add);
    r.rollback()
        .ifPresent(
            b ->
                lines.add(
                    "rollback "
                        + (b.complete() ? "complete" : "INCOMPLETE")
                        + ", backup "
                        + b.backupId()));
    for (ChangeResult c : r.changes()) {
      if (c.status() == ChangeResult.Status.FAILED) {
        lines.add(
            "failed: "
                + c.kind().json()
                + " "
                + c.id()
                + c.reason().map(x -> " (" + x + ")").orElse(""));
      }
    }
    return lines;
  }
}
