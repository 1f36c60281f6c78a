package dev.trueup.plan;

import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import java.util.List;

/** The counts a plan's last line reports. */
public record Summary(
    int add,
    int change,
    int replace,
    int delete,
    int nodesWithChanges,
    int nodesTotal,
    int unreachable) {

  public static Summary of(List<NodePlan> nodes) {
    int[] byAction = new int[Action.values().length];
    for (NodePlan n : nodes) {
      for (Change c : n.changes()) {
        byAction[c.action().ordinal()]++;
      }
    }
    return new Summary(
        byAction[Action.CREATE.ordinal()],
        byAction[Action.UPDATE.ordinal()],
        byAction[Action.REPLACE.ordinal()],
        byAction[Action.DELETE.ordinal()],
        (int) nodes.stream().filter(n -> !n.changes().isEmpty()).count(),
        nodes.size(),
        (int) nodes.stream().filter(n -> !n.observed()).count());
  }

  public int total() {
    return add + change + replace + delete;
  }
}
