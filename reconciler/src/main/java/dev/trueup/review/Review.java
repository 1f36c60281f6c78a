package dev.trueup.review;

import dev.trueup.diff.Change;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.policy.Decision;
import dev.trueup.policy.Step;
import dev.trueup.report.PlanJson;
import dev.trueup.report.ValidationJson;
import dev.trueup.validate.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The drift report of a pull request as a value (format {@code trueup-review/1}): both revisions,
 * what the change does to the desired state, the decided plan of the affected nodes, the decisions
 * grouped by what happens on merge, the blast radius and the head's validation. Its JSON, and every
 * human form, is derived from it.
 *
 * @param plan the decided plan of the nodes the change affects; empty when the head is invalid or
 *     the change plans nothing
 */
public record Review(
    Commit base,
    Commit head,
    PolicySource policy,
    DesiredChange desiredChange,
    Optional<Plan> plan,
    ValidationReport validation) {
  public static final String FORMAT = "trueup-review/1";

  static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** A revision as the report names it. */
  public record Commit(String ref, String commit, String shortCommit) {
    static Commit of(Revisions.Revision r) {
      return new Commit(r.ref(), r.commit(), r.shortCommit());
    }
  }

  /**
   * @param from {@code base}, or the built-in defaults when the base is invalid
   */
  public record PolicySource(String from, boolean changedByHead) {}

  /** What happens to a decided change when the pull request merges. */
  public enum OnMerge {
    AUTO_APPLY("autoApply"),
    WAIT_FOR_APPROVAL("waitForApproval"),
    NOTIFY_ONLY("notifyOnly");

    private final String json;

    OnMerge(String json) {
      this.json = json;
    }

    static OnMerge of(Step step) {
      return switch (step) {
        case APPLY_NOW,
            REVERT_DRIFT,
            WAIT_FOR_WINDOW,
            DEFERRED,
            REVERT_WAITS_FOR_WINDOW,
            REVERT_DEFERRED ->
            AUTO_APPLY;
        case NOTIFY_ONLY, FLAG_DRIFT, SNOOZED -> NOTIFY_ONLY;
        case WAIT_FOR_STAGING, HOLD_FOR_APPROVAL -> WAIT_FOR_APPROVAL;
      };
    }
  }

  /** One decided change of the plan, with its node. */
  public record Decided(String node, String environment, Change change, Decision decision) {}

  public boolean valid() {
    return validation.valid();
  }

  /** The plan's decided changes that go {@code way} on merge, in the plan's order. */
  public List<Decided> decided(OnMerge way) {
    List<Decided> out = new ArrayList<>();
    plan.ifPresent(
        p -> {
          for (NodePlan n : p.nodes()) {
            for (int i = 0; i < n.changes().size(); i++) {
              Change c = n.changes().get(i);
              n.decision(i)
                  .filter(d -> OnMerge.of(d.step()) == way)
                  .ifPresent(d -> out.add(new Decided(n.node(), n.environment(), c, d)));
            }
          }
        });
    return out;
  }

  public String headCommit() {
    return head.commit();
  }

  /** The commit status a forge shows: failure when the head is invalid or nodes went unobserved. */
  public String state() {
    if (!valid()) {
      return "failure";
    }
    return plan.isPresent() && plan.get().summary().unreachable() > 0 ? "failure" : "success";
  }

  /** One line for a commit status description. */
  public String headline() {
    if (!valid()) {
      return "head revision is invalid: " + validation.errors() + " error(s)";
    }
    return headline(
        decided(OnMerge.AUTO_APPLY).size(),
        decided(OnMerge.WAIT_FOR_APPROVAL).size(),
        decided(OnMerge.NOTIFY_ONLY).size());
  }

  private static String headline(int auto, int wait, int notify) {
    return auto + " auto-apply on merge, " + wait + " wait, " + notify + " notify only";
  }

  /**
   * The headline of a report written earlier, read from its JSON (the archive's index lists the
   * reports of past runs, which only their JSON files keep).
   */
  static String headlineOf(JsonNode tree) {
    if (!tree.path("valid").asBoolean(false)) {
      return "head revision is invalid: "
          + tree.path("validation").path("errors").asLong()
          + " error(s)";
    }
    JsonNode d = tree.path("decisions");
    return headline(
        d.path("autoApply").size(), d.path("waitForApproval").size(), d.path("notifyOnly").size());
  }

  /** The report's JSON, derived from the value. */
  public ObjectNode tree() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    commit(root.putObject("base"), base);
    commit(root.putObject("head"), head);
    root.put("valid", valid());
    ObjectNode p = root.putObject("policy");
    p.put("from", policy.from());
    p.put("changedByHead", policy.changedByHead());
    root.set("desiredChange", MAPPER.valueToTree(desiredChange));
    ObjectNode decisions = root.putObject("decisions");
    for (OnMerge way : OnMerge.values()) {
      ArrayNode list = decisions.putArray(way.json);
      for (Decided x : decided(way)) {
        ObjectNode o = list.addObject();
        o.put("node", x.node());
        o.put("environment", x.environment());
        o.put("symbol", x.change().action().symbol());
        o.put("kind", x.change().kind().json());
        o.put("id", x.change().id());
        o.put("class", x.decision().classification().changeClass().yaml());
        o.put("rule", x.decision().classification().rule());
        o.put("verdict", x.decision().verdict().yaml());
        o.put("step", x.decision().step().json());
      }
    }
    if (plan.isPresent()) {
      root.set("plan", PlanJson.tree(plan.get()));
    } else {
      root.putNull("plan");
    }
    root.set("validation", ValidationJson.tree(validation));
    return root;
  }

  public String json() {
    return MAPPER.writeValueAsString(tree()) + "\n";
  }

  private static void commit(ObjectNode o, Commit c) {
    o.put("ref", c.ref());
    o.put("commit", c.commit());
    o.put("short", c.shortCommit());
  }
}
