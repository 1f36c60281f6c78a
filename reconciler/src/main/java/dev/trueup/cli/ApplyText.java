package dev.trueup.cli;

import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.engine.ApplyRun;
import dev.trueup.report.Palette;
import dev.trueup.report.TerminalText;
import dev.trueup.store.Approval;

/**
 * What an apply did, for people (here, not in report: it renders an engine value): applied, held
 * for approval (with ids), notified, failed. Every outside value goes through {@link TerminalText}.
 */
final class ApplyText {
  private ApplyText() {}

  static String render(ApplyRun run, Palette p) {
    StringBuilder out = new StringBuilder();
    run.plan()
        .ifPresent(
            plan ->
                out.append("trueup apply of revision ")
                    .append(shown(plan.desiredRevision()))
                    .append(" (run ")
                    .append(run.runId())
                    .append(")\n"));
    if (run.refused().isPresent()) {
      out.append(p.red("refused: ")).append(shown(run.refused().get())).append('\n');
      return out.toString();
    }
    for (NodeApplyResult node : run.nodes()) {
      String outcome = node.outcome().name().toLowerCase().replace('_', ' ');
      String head = node.failed() ? p.red(outcome) : p.green(outcome);
      out.append('\n').append(p.bold(shown(node.node()))).append(": ").append(head);
      node.reason().ifPresent(r -> out.append(" — ").append(shown(r)));
      out.append('\n');
      for (ChangeResult c : node.changes()) {
        out.append("  ")
            .append(c.action().symbol())
            .append(' ')
            .append(c.kind().label())
            .append(' ')
            .append(shown(c.id()))
            .append("  ")
            .append(c.status().name().toLowerCase().replace('_', ' '));
        c.reason().ifPresent(r -> out.append(" (").append(shown(r)).append(')'));
        out.append('\n');
      }
    }
    if (!run.held().isEmpty()) {
      out.append('\n')
          .append(p.yellow("Held for approval"))
          .append(" (trueup approve ID / trueup reject ID --note ...):\n");
      for (Approval a : run.held()) {
        out.append("  ")
            .append(p.bold(shown(a.id())))
            .append("  ")
            .append(shown(a.node()))
            .append(' ')
            .append(shown(a.resource()))
            .append("  [")
            .append(a.changeClass().yaml())
            .append("] ")
            .append(shown(a.reason().orElse("")))
            .append('\n');
      }
    }
    if (!run.notified().isEmpty()) {
      out.append('\n')
          .append(p.yellow("Notify only"))
          .append(" (nothing applied until a person decides):\n");
      for (ApplyRun.Noted n : run.notified()) {
        out.append("  ")
            .append(shown(n.node()))
            .append(' ')
            .append(shown(n.change().id()))
            .append("  [")
            .append(n.decision().classification().changeClass().yaml())
            .append("] ")
            .append(shown(n.decision().reason()))
            .append('\n');
      }
    }
    run.stopped()
        .ifPresent(s -> out.append('\n').append(p.red("stopped: ")).append(shown(s)).append('\n'));
    long applied = run.nodes().stream().mapToLong(n -> n.count(ChangeResult.Status.APPLIED)).sum();
    long failedNodes = run.nodes().stream().filter(NodeApplyResult::failed).count();
    out.append('\n')
        .append(applied)
        .append(" applied, ")
        .append(run.held().size())
        .append(" held for approval, ")
        .append(run.notified().size())
        .append(" notify only")
        .append(failedNodes == 0 ? "" : "; " + failedNodes + " node(s) failed")
        .append('\n');
    return out.toString();
  }

  /**
   * Node names, change ids and reasons (a node's own error output among them) came from outside.
   */
  private static String shown(String text) {
    return TerminalText.line(text);
  }
}
