package dev.trueup.report;

import dev.trueup.diff.Note;
import tools.jackson.databind.JsonNode;

/**
 * The last line of a plan, e.g. "3 to add, 2 to change, 1 to delete on 2 of 4 nodes; 1 node cannot
 * converge".
 */
final class PlanSummaryLine {
  private PlanSummaryLine() {}

  static String of(JsonNode plan) {
    JsonNode summary = plan.get("summary");
    int add = summary.get("add").asInt();
    int change = summary.get("change").asInt();
    int replace = summary.get("replace").asInt();
    int delete = summary.get("delete").asInt();
    int withChanges = summary.get("nodesWithChanges").asInt();
    int total = summary.get("nodesTotal").asInt();
    int unreachable = summary.get("unreachable").asInt();
    int stuck = 0;
    for (JsonNode node : plan.get("nodes")) {
      stuck += cannotConverge(node) ? 1 : 0;
    }
    String tail =
        (stuck == 0 ? "" : "; " + nodes(stuck) + " cannot converge")
            + (unreachable == 0 ? "" : "; " + nodes(unreachable) + " unreachable");
    if (add + change + replace + delete == 0) {
      int matching = total - unreachable - stuck;
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

  /** A node with a desired resource that cannot exist there (see {@code Note.Kind}). */
  static boolean cannotConverge(JsonNode node) {
    for (JsonNode note : node.get("notes")) {
      if (isUnconvergeable(note)) {
        return true;
      }
    }
    return false;
  }

  static boolean isUnconvergeable(JsonNode note) {
    return note.get("kind").asString().equals(Note.Kind.UNCONVERGEABLE.json());
  }

  private static String nodes(int n) {
    return n + (n == 1 ? " node" : " nodes");
  }
}
