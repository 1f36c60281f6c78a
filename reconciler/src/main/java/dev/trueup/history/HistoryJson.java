package dev.trueup.history;

import dev.trueup.store.DriftRecord;
import dev.trueup.store.Outcome;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.store.StoredPlan;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of run history (format {@code trueup-history/1}): what {@code trueup history -o
 * json} prints, what {@code GET /api/v1/history} and {@code GET /api/v1/drift-reports/{id}} answer,
 * and what {@link HistoryText} renders. Reads the store; never a secret value (rows hold none, and
 * drift reports come from plans that redact).
 */
public final class HistoryJson {
  public static final String FORMAT = "trueup-history/1";
  public static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private HistoryJson() {}

  /** Runs newest first, each drift check with its report's counts and the nodes it names. */
  public static ObjectNode list(Store store, HistoryQuery query) {
    ObjectNode root = head(query);
    List<Run> runs =
        store
            .runs()
            .history(query.kind(), query.node(), query.since(), query.revision(), query.limit());
    root.put("storeEmpty", runs.isEmpty() && store.runs().recent(1).isEmpty());
    ArrayNode out = root.putArray("runs");
    for (Run r : runs) {
      out.add(run(store, r));
    }
    return root;
  }

  /** The list when there is no store yet. */
  public static ObjectNode empty(HistoryQuery query) {
    ObjectNode root = head(query);
    root.put("storeEmpty", true);
    root.putArray("runs");
    return root;
  }

  private static ObjectNode head(HistoryQuery query) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode q = root.putObject("query");
    q.put("kind", query.kind().map(Run.Kind::json).orElse("all"));
    q.put("node", query.node().orElse(null));
    q.put("since", query.since().map(Object::toString).orElse(null));
    q.put("revision", query.revision().orElse(null));
    q.put("limit", query.limit());
    return root;
  }

  /** One run with its outcomes, plans and (a drift check) its full report; empty if unknown. */
  public static Optional<ObjectNode> show(Store store, long runId) {
    Optional<Run> found = store.runs().find(runId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode o = run(store, found.get());
    root.set("run", o);
    ArrayNode outcomes = o.putArray("outcomes");
    for (Outcome x : store.outcomes().forRun(runId)) {
      ObjectNode e = outcomes.addObject();
      e.put("node", x.node());
      e.put("changeKey", x.changeKey());
      e.put("result", x.result().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      e.put("detail", x.detail().orElse(null));
      e.put("recordedAt", x.recordedAt().toString());
    }
    ArrayNode plans = o.putArray("plans");
    store.plans().forRun(runId).stream().map(StoredPlan::id).forEach(plans::add);
    store
        .driftReports()
        .forRun(runId)
        .ifPresent(d -> ((ObjectNode) o.get("driftReport")).set("report", report(d)));
    return Optional.of(root);
  }

  /** One drift report with its full JSON; empty if unknown. */
  public static Optional<ObjectNode> driftReport(Store store, long reportId) {
    return store
        .driftReports()
        .find(reportId)
        .map(
            d -> {
              ObjectNode root = MAPPER.createObjectNode();
              root.put("format", FORMAT);
              ObjectNode o = drift(d);
              o.set("report", report(d));
              root.set("driftReport", o);
              return root;
            });
  }

  public static String write(JsonNode tree) {
    return MAPPER.writeValueAsString(tree) + "\n";
  }

  private static ObjectNode run(Store store, Run r) {
    ObjectNode o = RunJson.into(MAPPER.createObjectNode(), r, RunJson.Owner.LEFT_OUT);
    ArrayNode nodes = o.putArray("nodes");
    TreeSet<String> touched = new TreeSet<>();
    store.outcomes().forRun(r.id()).forEach(x -> touched.add(x.node()));
    Optional<DriftRecord> d =
        r.kind() == Run.Kind.DRIFT ? store.driftReports().forRun(r.id()) : Optional.empty();
    d.ifPresent(x -> x.nodes().forEach(n -> touched.add(n.node())));
    touched.forEach(nodes::add);
    if (r.kind() == Run.Kind.APPLY) {
      decisions(store, r, o);
    }
    if (r.kind() == Run.Kind.DRIFT) {
      o.set("driftReport", d.<JsonNode>map(HistoryJson::drift).orElse(MAPPER.nullNode()));
    }
    return o;
  }

  /** Shown per run, at most this many: a run over a big fleet decides thousands. */
  static final int DECISIONS_SHOWN = 20;

  /** A run's decisions, class, rule, verdict and reason each: why it did what it did. */
  private static void decisions(Store store, Run r, ObjectNode o) {
    o.put("decisionsTotal", store.decisions().countForRun(r.id()));
    ArrayNode a = o.putArray("decisions");
    for (dev.trueup.store.Decision d : store.decisions().forRun(r.id(), DECISIONS_SHOWN)) {
      ObjectNode x = a.addObject();
      x.put("node", d.node());
      x.put("kind", d.kind());
      x.put("resource", d.resource());
      x.put("class", d.changeClass().name().toLowerCase(java.util.Locale.ROOT));
      x.put("rule", d.rule().orElse(null));
      x.put("verdict", d.verdict());
      x.put("reason", d.reason());
    }
  }

  private static ObjectNode drift(DriftRecord d) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", d.id());
    o.put("runId", d.runId().orElse(null));
    o.put("desiredRevision", d.desiredRevision());
    o.put("detectedAt", d.detectedAt().toString());
    o.put("clean", d.clean());
    o.put("nodesChecked", d.nodesChecked());
    o.put("nodesDrifted", d.nodesDrifted());
    o.put("changes", d.changes());
    o.put("unreachable", d.unreachable());
    ArrayNode nodes = o.putArray("nodes");
    for (DriftRecord.NodeEntry n : d.nodes()) {
      ObjectNode x = nodes.addObject();
      x.put("node", n.node());
      x.put("status", n.status().json());
      x.put("changes", n.changes());
    }
    o.put("file", d.reportFile().orElse(null));
    return o;
  }

  private static JsonNode report(DriftRecord d) {
    try {
      return MAPPER.readTree(d.summary());
    } catch (JacksonException e) {
      return MAPPER.nullNode();
    }
  }
}
