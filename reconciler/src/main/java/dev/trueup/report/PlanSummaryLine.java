package dev.trueup.report;

import tools.jackson.databind.JsonNode;

/** The last line of a plan, e.g. "3 to add, 2 to change, 1 to delete on 2 of 4 nodes". */
final class PlanSummaryLine {
  private PlanSummaryLine() {}

  static String of(JsonNode summary) {
    int add = summary.get("add").asInt();
    int change = summary.get("change").asInt();
    int replace = summary.get("replace").asInt();
    int delete = summary.get("delete").asInt();
    int withChanges = summary.get("nodesWithChanges").asInt();
    int total = summary.get("nodesTotal").asInt();
    int unreachable = summary.get("unreachable").asInt();
    String tail = unreachable == 0 ? "" : "; " + nodes(unreachable) + " unreachable";
    if (add + change + replace + delete == 0) {
      int matching = total - unreachable;
      return "No changes. "
          + nodes(matching)
          + (matching == 1 ? " matches its" : " match their")
          + " desired state"
          + tail
          + ".";
    }
    return add
        + " to add, "
        + change
        + " to change, "
        + (replace == 0 ? "" : replace + " to replace, ")
        + delete
        + " to delete on "
        + withChanges
        + " of "
        + nodes(total)
        + tail;
  }

  private static String nodes(int n) {
    return n + (n == 1 ? " node" : " nodes");
  }
}
