package dev.trueup.engine;

import dev.trueup.apply.ChangeResult;
import dev.trueup.diff.Change;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.policy.ChangeKey;
import dev.trueup.policy.Decision;
import dev.trueup.render.ResourceKind;
import dev.trueup.store.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Translations between pipeline values and state-store rows. */
final class StoreRecords {
  private StoreRecords() {}

  static String id(Change c) {
    return id(c.node(), c.kind(), c.id());
  }

  static String id(String node, ResourceKind kind, String resource) {
    return node + "|" + kind.json() + "|" + resource;
  }

  static List<dev.trueup.store.Decision> decisions(Plan plan, Map<String, ChangeKey> keys) {
    List<dev.trueup.store.Decision> out = new ArrayList<>();
    for (NodePlan node : plan.nodes()) {
      for (int i = 0; i < node.changes().size(); i++) {
        Change c = node.changes().get(i);
        Optional<Decision> d = node.decision(i);
        if (d.isEmpty()) {
          continue;
        }
        out.add(
            new dev.trueup.store.Decision(
                keys.get(id(c)).text(),
                node.node(),
                c.kind().json(),
                c.id(),
                d.get().classification().changeClass(),
                Optional.of(d.get().classification().rule()),
                d.get().verdict().yaml(),
                Optional.of(d.get().step().json()),
                d.get().reason()));
      }
    }
    return out;
  }

  static Outcome.Result result(ChangeResult.Status status) {
    return switch (status) {
      case APPLIED -> Outcome.Result.APPLIED;
      case FAILED -> Outcome.Result.FAILED;
      case ROLLED_BACK -> Outcome.Result.ROLLED_BACK;
      case SKIPPED -> Outcome.Result.SKIPPED;
    };
  }
}
