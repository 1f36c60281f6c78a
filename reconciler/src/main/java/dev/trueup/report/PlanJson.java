package dev.trueup.report;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.diff.Note;
import dev.trueup.live.Reachability;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.Verdict;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Summary;
import dev.trueup.policy.Classification;
import dev.trueup.policy.Decision;
import dev.trueup.policy.Step;
import dev.trueup.render.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of a plan: what {@code --output json} prints, what a saved plan file holds, and
 * what the text and Markdown renderers read. Field order is fixed; reading it back gives an equal
 * {@link Plan}.
 */
public final class PlanJson {
  public static final String FORMAT = "trueup-plan/1";
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private PlanJson() {}

  public static ObjectNode tree(Plan plan) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("desiredRevision", plan.desiredRevision());
    root.put("liveFingerprint", plan.liveFingerprint());
    Summary s = plan.summary();
    ObjectNode summary = root.putObject("summary");
    summary.put("add", s.add());
    summary.put("change", s.change());
    summary.put("replace", s.replace());
    summary.put("delete", s.delete());
    summary.put("nodesWithChanges", s.nodesWithChanges());
    summary.put("nodesTotal", s.nodesTotal());
    summary.put("unreachable", s.unreachable());
    ArrayNode nodes = root.putArray("nodes");
    for (NodePlan n : plan.nodes()) {
      ObjectNode o = nodes.addObject();
      o.put("node", n.node());
      o.put("environment", n.environment());
      ArrayNode groups = o.putArray("groups");
      n.groups().forEach(groups::add);
      reachability(o.putObject("reachability"), n.reachability());
      ArrayNode changes = o.putArray("changes");
      for (int i = 0; i < n.changes().size(); i++) {
        ObjectNode c = changes.addObject();
        change(c, n.changes().get(i));
        n.decision(i).ifPresent(d -> decision(c, d));
      }
      ArrayNode notes = o.putArray("notes");
      for (Note note : n.notes()) {
        ObjectNode x = notes.addObject();
        x.put("kind", note.kind().json());
        x.put("resource", note.resource());
        x.put("message", note.message());
      }
    }
    return root;
  }

  public static String write(Plan plan) {
    return MAPPER.writeValueAsString(tree(plan)) + "\n";
  }

  private static void reachability(ObjectNode o, Reachability r) {
    switch (r) {
      case Reachability.Observed x -> o.put("status", "observed");
      case Reachability.Unreachable u -> {
        o.put("status", "unreachable");
        o.put("reason", u.reason());
      }
      case Reachability.HostKeyRejected h -> {
        o.put("status", "host-key-rejected");
        o.put("presented", h.presented());
        ArrayNode expected = o.putArray("expected");
        h.expected().forEach(expected::add);
      }
    }
  }

  /** One change as the plan's JSON writes it, with its decision where it has one. */
  public static ObjectNode changeTree(Change c, Optional<Decision> d) {
    ObjectNode o = MAPPER.createObjectNode();
    change(o, c);
    d.ifPresent(x -> decision(o, x));
    return o;
  }

  private static void change(ObjectNode o, Change c) {
    o.put("action", c.action().json());
    o.put("symbol", c.action().symbol());
    o.put("kind", c.kind().json());
    o.put("id", c.id());
    if (c.origin().isPresent()) {
      SourceLocation at = c.origin().get();
      ObjectNode origin = o.putObject("origin");
      origin.put("file", at.file());
      origin.put("line", at.line());
      origin.put("column", at.column());
    } else {
      o.putNull("origin");
    }
    ArrayNode fields = o.putArray("fields");
    for (FieldChange f : c.fields()) {
      ObjectNode x = fields.addObject();
      x.put("field", f.field());
      x.put("desired", f.desired().orElse(null));
      x.put("live", f.live().orElse(null));
    }
    ArrayNode diff = o.putArray("contentDiff");
    c.contentDiff().forEach(diff::add);
    o.put("contentNote", c.contentNote().orElse(null));
  }

  /** Present only once the plan is decided, so undecided plans read as before. */
  private static void decision(ObjectNode o, Decision d) {
    o.put("class", d.classification().changeClass().yaml());
    o.put("rule", d.classification().rule());
    o.put("classReason", d.classification().reason());
    o.put("verdict", d.verdict().yaml());
    o.put("step", d.step().json());
    o.put("reason", d.reason());
  }

  /** A change's decision, read back from {@link #changeTree}; empty when it had none. */
  public static Optional<Decision> readDecision(JsonNode c) {
    if (!c.has("class")) {
      return Optional.empty();
    }
    return Optional.of(
        new Decision(
            Verdict.fromYaml(c.get("verdict").asString()),
            new Classification(
                ChangeClass.fromYaml(c.get("class").asString()),
                c.get("rule").asString(),
                c.get("classReason").asString()),
            Step.fromJson(c.get("step").asString()),
            c.get("reason").asString()));
  }

  /** A saved plan, read back. */
  public static Plan read(String json) {
    return fromTree(MAPPER.readTree(json));
  }

  public static JsonNode parse(String json) {
    return MAPPER.readTree(json);
  }

  public static Plan fromTree(JsonNode root) {
    if (!FORMAT.equals(root.path("format").asString())) {
      throw new IllegalArgumentException("not a " + FORMAT + " document");
    }
    JsonNode s = root.get("summary");
    Summary summary =
        new Summary(
            s.get("add").asInt(),
            s.get("change").asInt(),
            s.get("replace").asInt(),
            s.get("delete").asInt(),
            s.get("nodesWithChanges").asInt(),
            s.get("nodesTotal").asInt(),
            s.get("unreachable").asInt());
    List<NodePlan> nodes = new ArrayList<>();
    for (JsonNode n : root.get("nodes")) {
      List<Change> changes = new ArrayList<>();
      List<Decision> decisions = new ArrayList<>();
      for (JsonNode c : n.get("changes")) {
        changes.add(readChange(n.get("node").asString(), c));
        readDecision(c).ifPresent(decisions::add);
      }
      List<Note> notes = new ArrayList<>();
      for (JsonNode x : n.get("notes")) {
        notes.add(
            new Note(
                Note.Kind.fromJson(x.get("kind").asString()),
                x.get("resource").asString(),
                x.get("message").asString()));
      }
      nodes.add(
          new NodePlan(
              n.get("node").asString(),
              n.get("environment").asString(),
              strings(n.get("groups")),
              readReachability(n.get("reachability")),
              changes,
              notes,
              decisions));
    }
    return new Plan(
        root.get("desiredRevision").asString(),
        root.get("liveFingerprint").asString(),
        nodes,
        summary);
  }

  /** A change of {@code node}, read back from {@link #changeTree}. */
  public static Change readChange(String node, JsonNode c) {
    List<FieldChange> fields = new ArrayList<>();
    for (JsonNode f : c.get("fields")) {
      fields.add(
          new FieldChange(f.get("field").asString(), text(f.get("desired")), text(f.get("live"))));
    }
    JsonNode origin = c.get("origin");
    Optional<SourceLocation> at =
        origin == null || origin.isNull()
            ? Optional.empty()
            : Optional.of(
                new SourceLocation(
                    origin.get("file").asString(),
                    origin.get("line").asInt(),
                    origin.get("column").asInt()));
    return new Change(
        node,
        ResourceKind.fromJson(c.get("kind").asString()),
        c.get("id").asString(),
        Action.fromJson(c.get("action").asString()),
        fields,
        strings(c.get("contentDiff")),
        text(c.get("contentNote")),
        at);
  }

  private static Reachability readReachability(JsonNode r) {
    return switch (r.get("status").asString()) {
      case "observed" -> new Reachability.Observed();
      case "host-key-rejected" ->
          new Reachability.HostKeyRejected(
              r.get("presented").asString(), strings(r.get("expected")));
      default -> new Reachability.Unreachable(r.path("reason").asString());
    };
  }

  private static Optional<String> text(JsonNode n) {
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asString());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asString()));
    return out;
  }
}
