package dev.trueup.history;

import dev.trueup.report.PlanJson;
import dev.trueup.store.Approval;
import dev.trueup.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a person is asked to approve: the change as the newest plan that held it showed it (fields
 * and content diff, redacted as the CLI's plan is) and its blast radius, the nodes of that plan the
 * very same change reaches. Read from the store, so a page never observes a node to show it.
 */
public final class HeldChanges {
  private HeldChanges() {}

  /**
   * {@code {"change": {…}, "blastRadius": {"nodes", "environments", "heldOn"}}} per approval id; an
   * approval whose plan is gone (a store older than its decisions) has none. Each plan is read and
   * indexed once, however many of its changes are held.
   */
  public static Map<String, ObjectNode> of(Store store, List<Approval> approvals) {
    Map<Long, Optional<PlanIndex>> plans = new HashMap<>();
    Set<String> held = held(approvals);
    Map<String, ObjectNode> out = new HashMap<>();
    for (Approval a : approvals) {
      store
          .decisions()
          .latestPlanFor(a.changeKey())
          .flatMap(
              id ->
                  plans.computeIfAbsent(
                      id,
                      k -> store.plans().load(k).map(p -> new PlanIndex(PlanJson.tree(p.plan())))))
          .flatMap(index -> detail(index, a, held))
          .ifPresent(d -> out.put(a.id(), d));
    }
    return out;
  }

  /** The detail of one approval from the plan that held it (for tests: indexes the plan itself). */
  static Optional<ObjectNode> detail(JsonNode plan, Approval a, List<Approval> approvals) {
    return detail(new PlanIndex(plan), a, held(approvals));
  }

  private static Optional<ObjectNode> detail(PlanIndex plan, Approval a, Set<String> held) {
    JsonNode change = plan.changes.get(key(a.node(), a.resource()));
    if (change == null) {
      return Optional.empty();
    }
    List<String[]> reach = plan.reach.getOrDefault(sameness(change), List.of());
    Set<String> environments = new LinkedHashSet<>();
    ObjectNode d = HistoryJson.MAPPER.createObjectNode();
    d.set("change", change.deepCopy());
    ObjectNode blast = d.putObject("blastRadius");
    ArrayNode nodes = blast.putArray("nodes");
    long heldOn = 0;
    for (String[] nodeAndEnvironment : reach) {
      nodes.add(nodeAndEnvironment[0]);
      environments.add(nodeAndEnvironment[1]);
      heldOn += held.contains(key(nodeAndEnvironment[0], a.resource())) ? 1 : 0;
    }
    environments.forEach(blast.putArray("environments")::add);
    blast.put("heldOn", heldOn);
    return Optional.of(d);
  }

  /** Pending (node, resource) pairs. */
  private static Set<String> held(List<Approval> approvals) {
    Set<String> out = new HashSet<>();
    approvals.forEach(a -> out.add(key(a.node(), a.resource())));
    return out;
  }

  private static String key(String node, String resource) {
    return node + "\0" + resource;
  }

  /**
   * What makes two nodes' changes the same change: kind of resource, id, action and the desired
   * values (a rendered file that differs per node is a different change).
   */
  private static String sameness(JsonNode c) {
    StringBuilder b =
        new StringBuilder()
            .append(c.path("kind").asString(""))
            .append('\0')
            .append(c.path("id").asString(""))
            .append('\0')
            .append(c.path("action").asString(""));
    c.path("fields").forEach(f -> b.append('\0').append(f.path("desired").toString()));
    return b.toString();
  }

  /** One plan's changes by node and resource, and by sameness the nodes (and environments). */
  private static final class PlanIndex {
    final Map<String, JsonNode> changes = new HashMap<>();
    final Map<String, List<String[]>> reach = new HashMap<>();

    PlanIndex(JsonNode plan) {
      for (JsonNode n : plan.path("nodes")) {
        String node = n.path("node").asString("");
        String environment = n.path("environment").asString("");
        for (JsonNode c : n.path("changes")) {
          changes.put(key(node, c.path("id").asString("")), c);
          reach
              .computeIfAbsent(sameness(c), k -> new ArrayList<>())
              .add(new String[] {node, environment});
        }
      }
    }
  }
}
