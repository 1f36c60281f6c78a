package dev.trueup.contract;

import dev.trueup.plan.Plan;
import dev.trueup.report.PlanJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A node's part of a plan as users read it in plan JSON: one line per change, {@code "ACTION KIND
 * ID"}, and for an update the fields that differ ({@code "update file /etc/x: content, mode"}).
 */
record PlannedChanges(String reachability, List<String> changes, List<String> notes) {

  static PlannedChanges of(Plan plan, String node) {
    for (JsonNode n : PlanJson.tree(plan).get("nodes")) {
      if (!n.get("node").asString().equals(node)) {
        continue;
      }
      List<String> changes = new ArrayList<>();
      for (JsonNode c : n.get("changes")) {
        String line =
            c.get("action").asString()
                + " "
                + c.get("kind").asString()
                + " "
                + c.get("id").asString();
        if (c.get("action").asString().equals("update")) {
          List<String> fields = new ArrayList<>();
          c.get("fields").forEach(f -> fields.add(f.get("field").asString()));
          line += ": " + String.join(", ", fields);
        }
        changes.add(line);
      }
      List<String> notes = new ArrayList<>();
      n.get("notes")
          .forEach(
              x -> notes.add(x.get("resource").asString() + ": " + x.get("message").asString()));
      return new PlannedChanges(n.get("reachability").toString(), changes, notes);
    }
    throw new AssertionError("node " + node + " is not in the plan: " + PlanJson.write(plan));
  }

  /**
   * The changes with each one an expected line matches put as that line, so that an id the driver
   * derives ({@code ConfigMap/file-*}) compares equal to its pattern.
   */
  List<String> matchedTo(List<String> expected) {
    List<String> out = new ArrayList<>();
    for (String change : changes) {
      out.add(expected.stream().filter(e -> matches(e, change)).findFirst().orElse(change));
    }
    return out;
  }

  /** {@code *} stands for the tail of one id: anything but a space or a colon. */
  private static boolean matches(String pattern, String line) {
    String regex =
        Arrays.stream(pattern.split("\\*", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining("[^ :]+"));
    return line.matches(regex);
  }
}
