package dev.trueup.history;

import dev.trueup.report.PlanJson;
import dev.trueup.store.Approval;
import dev.trueup.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
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
   * approval whose plan is gone (a store older than its decisions) has none.
   */
  public static Map<String, ObjectNode> of(Store store, List<Approval> approvals) {
    Map<Long, JsonNode> plans = new HashMap<>();
    Map<String, ObjectNode> out = new HashMap<>();
    for (Approval a : approvals) {
      Optional<JsonNode> plan =
          store
              .decisions()
              .latestPlanFor(a.changeKey())
              .map(
                  id ->
                      plans.computeIfAbsent(
                          id,
                          k ->
                              store
                                  .plans()
                                  .load(k)
                                  .<JsonNode>map(p -> PlanJson.tree(p.plan()))
                                  .orElse(null)));
      plan.flatMap(p -> detail(p, a, approvals)).ifPresent(d -> out.put(a.id(), d));
    }
    return out;
  }

  static Optional<ObjectNode> detail(JsonNode plan, Approval a, List<Approval> approvals) {
    Optional<JsonNode> held = change(plan, a.node(), a.resource());
    if (held.isEmpty()) {
      return Optional.empty();
    }
    List<String> nodes = new ArrayList<>();
    Set<String> environments = new LinkedHashSet<>();
    for (JsonNode n : plan.path("nodes")) {
      for (JsonNode c : n.path("changes")) {
        if (sameChange(c, held.get())) {
          nodes.add(n.path("node").asString());
          environments.add(n.path("environment").asString());
        }
      }
    }
    long heldOn =
        approvals.stream()
            .filter(x -> x.resource().equals(a.resource()) && nodes.contains(x.node()))
            .map(Approval::node)
            .distinct()
            .count();
    ObjectNode d = HistoryJson.MAPPER.createObjectNode();
    d.set("change", held.get().deepCopy());
    ObjectNode blast = d.putObject("blastRadius");
    nodes.forEach(blast.putArray("nodes")::add);
    environments.forEach(blast.putArray("environments")::add);
    blast.put("heldOn", heldOn);
    return Optional.of(d);
  }

  private static Optional<JsonNode> change(JsonNode plan, String node, String resource) {
    for (JsonNode n : plan.path("nodes")) {
      if (n.path("node").asString("").equals(node)) {
        for (JsonNode c : n.path("changes")) {
          if (c.path("id").asString("").equals(resource)) {
            return Optional.of(c);
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The same change on another node: same kind of resource, same id, same action and the same
   * desired values (a rendered file that differs per node is a different change).
   */
  private static boolean sameChange(JsonNode c, JsonNode held) {
    if (!c.path("kind").equals(held.path("kind"))
        || !c.path("id").equals(held.path("id"))
        || !c.path("action").equals(held.path("action"))) {
      return false;
    }
    List<JsonNode> desired = new ArrayList<>();
    held.path("fields").forEach(f -> desired.add(f.path("desired")));
    List<JsonNode> theirs = new ArrayList<>();
    c.path("fields").forEach(f -> theirs.add(f.path("desired")));
    return Objects.equals(desired, theirs);
  }
}
