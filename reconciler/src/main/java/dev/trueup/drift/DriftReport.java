package dev.trueup.drift;

import dev.trueup.diff.Change;
import dev.trueup.live.Reachability;
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
 * A drift check's report as a value (format {@code trueup-drift/1}): the single source the JSON
 * file, the store row and the Markdown are made from, and what they read back. Pure.
 *
 * <p>Drift is what the decide stage calls live drift: a change whose exact desired content was
 * applied to the node before (its step is {@code revert-drift} or {@code flag-drift}). Changes the
 * desired state asks for and no apply has made yet are not drift; they are only counted as {@code
 * pending}. Changes are the plan's changes, written as the plan's JSON writes them, so
 * secret-bearing content stays redacted.
 *
 * @param revision the applied revision the nodes were checked against
 * @param nodes the drifted and the unreachable nodes, in the plan's order (clean nodes are counted
 *     in {@link Summary#nodesChecked} only)
 */
public record DriftReport(
    long runId, String revision, Instant detectedAt, Summary summary, List<NodeDrift> nodes) {
  public static final String FORMAT = "trueup-drift/1";

  static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public DriftReport {
    nodes = List.copyOf(nodes);
  }

  /** The counts of one check. */
  public record Summary(
      int nodesChecked,
      int nodesDrifted,
      int changes,
      int flagged,
      int reverting,
      int unreachable,
      int pending,
      int snoozed) {}

  /** A node the report names: drifted, or not observed. */
  public sealed interface NodeDrift {
    String node();

    String environment();
  }

  /** A node whose live state moved from what was applied: each change with its decision. */
  public record Drifted(String node, String environment, List<DriftedChange> changes)
      implements NodeDrift {
    public Drifted {
      changes = List.copyOf(changes);
    }
  }

  /**
   * A node that could not be looked at.
   *
   * @param reachability {@code unreachable} or {@code host-key-rejected}
   */
  public record Unreachable(String node, String environment, String reachability, String reason)
      implements NodeDrift {}

  /** One drifted resource: the plan's change and the decision that reverts or flags it. */
  public record DriftedChange(Change change, Decision decision) {}

  /** Whether a decision says live drifted (as opposed to desired moved, or a first apply). */
  public static boolean isDrift(Decision d) {
    return d.step().drift();
  }

  /** The report of a decided plan, checked at {@code detectedAt} by run {@code runId}. */
  public static DriftReport of(Plan plan, String revision, Instant detectedAt, long runId) {
    List<NodeDrift> nodes = new ArrayList<>();
    int drifted = 0;
    int changes = 0;
    int flagged = 0;
    int reverting = 0;
    int unreachable = 0;
    int pending = 0;
    int snoozed = 0;
    for (NodePlan np : plan.nodes()) {
      if (!np.observed()) {
        unreachable++;
        nodes.add(unreachable(np));
        continue;
      }
      List<DriftedChange> found = new ArrayList<>();
      for (int i = 0; i < np.changes().size(); i++) {
        Optional<Decision> d = np.decision(i);
        if (d.isPresent() && d.get().step() == Step.SNOOZED) {
          snoozed++;
          continue;
        }
        if (d.isEmpty() || !isDrift(d.get())) {
          pending++;
          continue;
        }
        found.add(new DriftedChange(np.changes().get(i), d.get()));
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
      nodes.add(new Drifted(np.node(), np.environment(), found));
    }
    Summary summary =
        new Summary(
            plan.nodes().size(),
            drifted,
            changes,
            flagged,
            reverting,
            unreachable,
            pending,
            snoozed);
    return new DriftReport(runId, revision, detectedAt, summary, nodes);
  }

  private static Unreachable unreachable(NodePlan np) {
    return switch (np.reachability()) {
      case Reachability.Unreachable u ->
          new Unreachable(np.node(), np.environment(), "unreachable", u.reason());
      case Reachability.HostKeyRejected h ->
          new Unreachable(
              np.node(),
              np.environment(),
              "host-key-rejected",
              "host key rejected: presented " + h.presented() + ", nothing was sent");
      case Reachability.Observed o ->
          throw new IllegalArgumentException(np.node() + " was observed");
    };
  }

  /** A report read back from its JSON. */
  public static DriftReport parse(String json) {
    JsonNode root = MAPPER.readTree(json);
    JsonNode s = root.get("summary");
    Summary summary =
        new Summary(
            s.get("nodesChecked").asInt(),
            s.get("nodesDrifted").asInt(),
            s.get("changes").asInt(),
            s.path("flagged").asInt(0),
            s.path("reverting").asInt(0),
            s.get("unreachable").asInt(),
            s.path("pending").asInt(0),
            s.path("snoozed").asInt(0));
    List<NodeDrift> nodes = new ArrayList<>();
    for (JsonNode n : root.get("nodes")) {
      String node = n.get("node").asString();
      String environment = n.path("environment").asString("");
      if (n.get("status").asString().equals("unreachable")) {
        nodes.add(
            new Unreachable(
                node, environment, n.get("reachability").asString(), n.get("reason").asString()));
        continue;
      }
      List<DriftedChange> changes = new ArrayList<>();
      for (JsonNode c : n.get("changes")) {
        changes.add(
            new DriftedChange(
                PlanJson.readChange(node, c), PlanJson.readDecision(c).orElseThrow()));
      }
      nodes.add(new Drifted(node, environment, changes));
    }
    return new DriftReport(
        root.path("runId").asLong(0),
        root.get("desiredRevision").asString(),
        Instant.parse(root.get("detectedAt").asString()),
        summary,
        nodes);
  }

  /** The report's JSON, derived from the value. */
  public ObjectNode tree() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("runId", runId);
    root.put("desiredRevision", revision);
    root.put("shortRevision", shortRevision());
    root.put("detectedAt", detectedAt.toString());
    ObjectNode s = root.putObject("summary");
    s.put("nodesChecked", summary.nodesChecked());
    s.put("nodesDrifted", summary.nodesDrifted());
    s.put("changes", summary.changes());
    s.put("flagged", summary.flagged());
    s.put("reverting", summary.reverting());
    s.put("unreachable", summary.unreachable());
    s.put("pending", summary.pending());
    s.put("snoozed", summary.snoozed());
    ArrayNode list = root.putArray("nodes");
    for (NodeDrift n : nodes) {
      ObjectNode o = list.addObject();
      o.put("node", n.node());
      o.put("environment", n.environment());
      switch (n) {
        case Unreachable u -> {
          o.put("status", "unreachable");
          o.put("reachability", u.reachability());
          o.put("reason", u.reason());
          o.putArray("changes");
        }
        case Drifted d -> {
          o.put("status", "drifted");
          ArrayNode changes = o.putArray("changes");
          for (DriftedChange c : d.changes()) {
            ObjectNode x = PlanJson.changeTree(c.change(), Optional.of(c.decision()));
            x.put("stepLabel", c.decision().step().label());
            changes.add(x);
          }
        }
      }
    }
    root.put("headline", headline());
    return root;
  }

  public String json() {
    return MAPPER.writeValueAsString(tree()) + "\n";
  }

  public boolean clean() {
    return changes() == 0 && unreachable() == 0;
  }

  public int nodesChecked() {
    return summary.nodesChecked();
  }

  public int nodesDrifted() {
    return summary.nodesDrifted();
  }

  public int changes() {
    return summary.changes();
  }

  public int unreachable() {
    return summary.unreachable();
  }

  /** Drifted changes the live-drift policy reverts (the rest are flagged). */
  public int reverting() {
    return summary.reverting();
  }

  public String shortRevision() {
    return shortRevision(revision);
  }

  /** The nodes the report names, as the store keeps them. */
  public List<DriftRecord.NodeEntry> nodeEntries() {
    List<DriftRecord.NodeEntry> out = new ArrayList<>();
    for (NodeDrift n : nodes) {
      out.add(
          switch (n) {
            case Unreachable u ->
                new DriftRecord.NodeEntry(u.node(), DriftRecord.Status.UNREACHABLE, 0);
            case Drifted d ->
                new DriftRecord.NodeEntry(d.node(), DriftRecord.Status.DRIFTED, d.changes().size());
          });
    }
    return out;
  }

  /** A commit's first seven characters; a content digest ({@code tree:...}) its first seven. */
  static String shortRevision(String revision) {
    String s = revision.startsWith("tree:") ? revision.substring(5) : revision;
    s = s.replaceAll("[^A-Za-z0-9]", "");
    return s.isEmpty() ? "unknown" : s.substring(0, Math.min(7, s.length()));
  }

  public String headline() {
    if (summary.changes() == 0 && summary.unreachable() == 0) {
      return "clean: "
          + summary.nodesChecked()
          + " node(s) match the applied revision"
          + (summary.snoozed() > 0 ? " (" + summary.snoozed() + " snoozed drift left alone)" : "");
    }
    List<String> parts = new ArrayList<>();
    if (summary.changes() > 0) {
      parts.add(
          summary.changes()
              + " drifted resource(s) on "
              + summary.nodesDrifted()
              + " node(s) ("
              + summary.reverting()
              + " reverted by the next apply, "
              + summary.flagged()
              + " flagged for review)");
    }
    if (summary.unreachable() > 0) {
      parts.add(summary.unreachable() + " node(s) not observed");
    }
    if (summary.snoozed() > 0) {
      parts.add(summary.snoozed() + " snoozed drift left alone");
    }
    return String.join("; ", parts);
  }
}
