package dev.trueup.cli;

import dev.trueup.engine.ApplyRun;
import dev.trueup.history.ApprovalJson;
import dev.trueup.history.HistoryJson;
import dev.trueup.report.PlanJson;
import dev.trueup.store.Store;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code trueup apply -o json}: the run as the store recorded it (the history's own form, {@code
 * trueup-history/1}), with the decided plan (the plan JSON) and the approvals it asked for.
 */
final class ApplyJson {
  private ApplyJson() {}

  static ObjectNode of(Store store, ApplyRun run) {
    ObjectNode root =
        HistoryJson.show(store, run.runId()).orElseGet(HistoryJson.MAPPER::createObjectNode);
    run.plan().ifPresent(p -> root.set("plan", PlanJson.tree(p)));
    root.set("held", ApprovalJson.array(run.held()));
    root.put("refused", run.refused().orElse(null));
    root.put("failed", run.failed());
    return root;
  }
}
