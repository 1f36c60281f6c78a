package dev.trueup.drift;

import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.policy.Decision;
import dev.trueup.policy.Step;
import dev.trueup.report.PlanJson;
import dev.trueup.store.DriftRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A drift check's report as data (format {@code trueup-drift/1}): the single source the JSON file,
 * the store row and the Markdown are made from. Pure.
 *
 * <p>Drift is what the decide stage calls live drift: a change whose exact desired content was
 * applied to the node before (its step is {@code revert-drift} or {@code flag-drift}). Changes the
 * desired state asks for and no apply has made yet are not drift; they are only counted as {@code
 * pending}. Changes are copied from the plan's JSON, so secret-bearing content stays redacted.
 */
public record DriftReport(ObjectNode tree) {
  public static final String FORMAT = "trueup-drift/1";

  static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** Whether a decision says live drifted (as opposed to desired moved, or a first apply). */
  public static boolean isDrift(Decision d) {
    return d.step() == Step.REVERT_DRIFT || d.step() == Step.FLAG_DRIFT;
  }

  /** The report of a decided plan, checked at {@code detectedAt} by run {@code runId}. */
  public static DriftReport of(Plan plan, String revision, Instant detectedAt, long runId) {
    ObjectNode planTree = PlanJson.tree(plan);
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("runId", runId);
    root.put("desiredRevision", revision);
    root.put("shortRevision", shortRevision(revision));
    root.put("detectedAt", detectedAt.toString());
    ObjectNode summary = root.putObject("summary");
    ArrayNode nodes = root.putArray("nodes");
    int drifted = 0;
    int changes = 0;
    int flagged = 0;
    int reverting = 0;
    int unreachable = 0;
    int pending = 0;
    for (int n = 0; n < plan.nodes().size(); n++) {
      NodePlan np = plan.nodes().get(n);
      JsonNode nodeTree = planTree.get("nodes").get(n);
      if (!np.observed()) {
        unreachable++;
        ObjectNode o = nodes.addObject();
        o.put("node", np.node());
        o.put("environment", np.environment());
        o.put("status", "unreachable");
        JsonNode r = nodeTree.get("reachability");
        o.put("reachability", r.get("status").asString());
        o.put(
            "reason",
            r.has("reason")
                ? r.get("reason").asString()
                : "host key rejected: presented "
                    + r.path("presented").asString()
                    + ", nothing was sent");
        o.putArray("changes");
        continue;
      }
      List<ObjectNode> found = new ArrayList<>();
      for (int i = 0; i < np.changes().size(); i++) {
        Optional<Decision> d = np.decision(i);
        if (d.isEmpty() || !isDrift(d.get())) {
          pending++;
          continue;
        }
        ObjectNode c = ((ObjectNode) nodeTree.get("changes").get(i)).deepCopy();
        c.put("stepLabel", d.get().step().label());
        found.add(c);
        if (d.get().step() == Step.FLAG_DRIFT) {
          flagged++;
        } else {
          reverting++;
        }
      }
      if (found.isEmpty()) {
        continue;
      }
      drifted++;
      changes += found.size();
      ObjectNode o = nodes.addObject();
      o.put("node", np.node());
      o.put("environment", np.environment());
      o.put("status", "drifted");
      ArrayNode list = o.putArray("changes");
      found.forEach(list::add);
    }
    summary.put("nodesChecked", plan.nodes().size());
    summary.put("nodesDrifted", drifted);
    summary.put("changes", changes);
    summary.put("flagged", flagged);
    summary.put("reverting", reverting);
    summary.put("unreachable", unreachable);
    summary.put("pending", pending);
    root.put("headline", headline(summary));
    return new DriftReport(root);
  }

  public static DriftReport parse(String json) {
    return new DriftReport((ObjectNode) MAPPER.readTree(json));
  }

  public String json() {
    return MAPPER.writeValueAsString(tree) + "\n";
  }

  public boolean clean() {
    return changes() == 0 && unreachable() == 0;
  }

  public int nodesChecked() {
    return tree.get("summary").get("nodesChecked").asInt();
  }

  public int nodesDrifted() {
    return tree.get("summary").get("nodesDrifted").asInt();
  }

  public int changes() {
    return tree.get("summary").get("changes").asInt();
  }

  public int unreachable() {
    return tree.get("summary").get("unreachable").asInt();
  }

  /** Drifted changes the live-drift policy reverts (the rest are flagged). */
  public int reverting() {
    return tree.path("summary").path("reverting").asInt(0);
  }

  public String revision() {
    return tree.get("desiredRevision").asString();
  }

  public String shortRevision() {
    return tree.get("shortRevision").asString();
  }

  public String headline() {
    return tree.get("headline").asString();
  }

  /** The nodes the report names, as the store keeps them. */
  public List<DriftRecord.NodeEntry> nodeEntries() {
    List<DriftRecord.NodeEntry> out = new ArrayList<>();
    for (JsonNode n : tree.get("nodes")) {
      boolean down = n.get("status").asString().equals("unreachable");
      out.add(
          new DriftRecord.NodeEntry(
              n.get("node").asString(),
              down ? DriftRecord.Status.UNREACHABLE : DriftRecord.Status.DRIFTED,
              n.get("changes").size()));
    }
    return out;
  }

  /** A commit's first seven characters; a content digest ({@code tree:...}) its first seven. */
  static String shortRevision(String revision) {
    String s = revision.startsWith("tree:") ? revision.substring(5) : revision;
    s = s.replaceAll("[^A-Za-z0-9]", "");
    return s.isEmpty() ? "unknown" : s.substring(0, Math.min(7, s.length()));
  }

  private static String headline(JsonNode s) {
    int changes = s.get("changes").asInt();
    int unreachable = s.get("unreachable").asInt();
    if (changes == 0 && unreachable == 0) {
      return "clean: " + s.get("nodesChecked").asInt() + " node(s) match the applied revision";
    }
    List<String> parts = new ArrayList<>();
    if (changes > 0) {
      parts.add(
          changes
              + " drifted resource(s) on "
              + s.get("nodesDrifted").asInt()
              + " node(s) ("
              + s.get("reverting").asInt()
              + " reverted by the next apply, "
              + s.get("flagged").asInt()
              + " flagged for review)");
    }
    if (unreachable > 0) {
      parts.add(unreachable + " node(s) not observed");
    }
    return String.join("; ", parts);
  }
}
