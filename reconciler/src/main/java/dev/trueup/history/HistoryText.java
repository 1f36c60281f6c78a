package dev.trueup.history;

import dev.trueup.report.TerminalText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Run history for people, rendered from {@link HistoryJson}'s tree and nothing else; every value
 * through {@link TerminalText}.
 */
public final class HistoryText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private HistoryText() {}

  /** The list: one line per run, newest first, drift checks with the nodes they named. */
  public static String list(JsonNode tree) {
    JsonNode runs = tree.get("runs");
    if (runs.isEmpty()) {
      return tree.path("storeEmpty").asBoolean()
          ? "no runs recorded yet\n"
          : "no runs match" + filters(tree.get("query")) + "\n";
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "RUN", "KIND", "TRIGGER", "STATUS", "REVISION", "STARTED", "TOOK", "SUMMARY"
        });
    List<List<String>> details = new ArrayList<>();
    details.add(List.of());
    for (JsonNode r : runs) {
      rows.add(
          new String[] {
            shown(r.get("id")),
            shown(r.get("kind")),
            shown(r.get("trigger")),
            shown(r.get("status")),
            shortRevision(r.get("desiredRevision")),
            time(r.get("startedAt")),
            took(r),
            text(r.get("summary"), "")
          });
      details.add(driftLines(r.get("driftReport")));
    }
    int[] width = new int[7];
    for (String[] row : rows) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      String[] row = rows.get(i);
      StringBuilder line = new StringBuilder();
      line.append(" ".repeat(width[0] - row[0].length())).append(row[0]);
      for (int c = 1; c < width.length; c++) {
        line.append("  ").append(row[c]).append(" ".repeat(width[c] - row[c].length()));
      }
      line.append("  ").append(row[7]);
      out.append(line.toString().stripTrailing()).append('\n');
      for (String d : details.get(i)) {
        out.append(" ".repeat(width[0] + 2)).append(d).append('\n');
      }
    }
    return out.toString();
  }

  /** {@link NodesJson}'s nodes: one line each, those away since their last run marked. */
  public static String nodes(JsonNode tree) {
    JsonNode nodes = tree.get("nodes");
    if (nodes.isEmpty()) {
      return "no node reached or applied yet\n";
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NODE", "LAST SEEN", "LAST CONVERGED", "REVISION", "AWAY"});
    for (JsonNode n : nodes) {
      rows.add(
          new String[] {
            shown(n.get("node")),
            time(n.get("lastSeen")),
            time(n.get("lastConverged")),
            shortRevision(n.get("convergedRevision")),
            n.get("away").asBoolean()
                ? "since " + time(n.get("lastMissed")) + ": " + text(n.get("missedReason"), "-")
                : ""
          });
    }
    int[] width = new int[4];
    for (String[] row : rows) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < width.length; c++) {
        line.append(row[c]).append(" ".repeat(width[c] - row[c].length())).append("  ");
      }
      line.append(row[4]);
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** One run: its facts, its drift report in full when it is a drift check, its outcomes. */
  public static String show(JsonNode tree) {
    JsonNode r = tree.get("run");
    StringBuilder out = new StringBuilder();
    out.append("Run ")
        .append(shown(r.get("id")))
        .append(" (")
        .append(shown(r.get("kind")))
        .append(", ")
        .append(shown(r.get("status")))
        .append(")\n");
    field(out, "trigger", shown(r.get("trigger")));
    field(out, "revision", text(r.get("desiredRevision"), "-"));
    field(out, "started", time(r.get("startedAt")));
    field(
        out,
        "finished",
        r.get("finishedAt").isNull() ? "-" : time(r.get("finishedAt")) + " (" + took(r) + ")");
    field(out, "summary", text(r.get("summary"), "-"));
    List<String> nodes = new ArrayList<>();
    r.get("nodes").forEach(n -> nodes.add(shown(n)));
    field(out, "nodes", nodes.isEmpty() ? "-" : String.join(", ", nodes));
    JsonNode plans = r.get("plans");
    if (plans != null && !plans.isEmpty()) {
      List<String> ids = new ArrayList<>();
      plans.forEach(p -> ids.add(shown(p)));
      field(out, "plans", String.join(", ", ids));
    }
    JsonNode drift = r.get("driftReport");
    if (drift != null && !drift.isNull()) {
      out.append('\n').append(driftReport(drift));
    }
    JsonNode outcomes = r.get("outcomes");
    if (outcomes != null && !outcomes.isEmpty()) {
      out.append("\nOutcomes\n");
      int nodeWidth = 0;
      int resultWidth = 0;
      for (JsonNode o : outcomes) {
        nodeWidth = Math.max(nodeWidth, shown(o.get("node")).length());
        resultWidth = Math.max(resultWidth, shown(o.get("result")).length());
      }
      for (JsonNode o : outcomes) {
        String node = shown(o.get("node"));
        String result = shown(o.get("result"));
        out.append("  ")
            .append(node)
            .append(" ".repeat(nodeWidth - node.length() + 2))
            .append(result)
            .append(" ".repeat(resultWidth - result.length() + 2))
            .append(shown(o.get("changeKey")));
        if (!o.get("detail").isNull()) {
          out.append("  (").append(shown(o.get("detail"))).append(')');
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** One drift report (from {@link HistoryJson#driftReport} or inside a shown run). */
  public static String driftReport(JsonNode d) {
    StringBuilder out = new StringBuilder();
    out.append("Drift report ")
        .append(shown(d.get("id")))
        .append(d.get("runId").isNull() ? "" : " (run " + shown(d.get("runId")) + ")")
        .append(": ")
        .append(counts(d))
        .append('\n');
    field(out, "revision", shown(d.get("desiredRevision")));
    field(out, "detected", time(d.get("detectedAt")));
    if (!d.get("file").isNull()) {
      field(out, "report", shown(d.get("file")));
    }
    JsonNode report = d.get("report");
    if (report != null && report.has("nodes")) {
      for (JsonNode n : report.get("nodes")) {
        out.append("  ").append(shown(n.get("node")));
        if (shown(n.get("status")).equals("unreachable")) {
          out.append(": unreachable: ").append(shown(n.path("reason"))).append('\n');
          continue;
        }
        out.append(": ").append(n.get("changes").size()).append(" drifted\n");
        for (JsonNode c : n.get("changes")) {
          out.append("    ")
              .append(shown(c.get("symbol")))
              .append(' ')
              .append(shown(c.get("kind")))
              .append(' ')
              .append(shown(c.get("id")))
              .append("  (")
              .append(shown(c.get("stepLabel")))
              .append(")\n");
        }
      }
    }
    return out.toString();
  }

  private static List<String> driftLines(JsonNode d) {
    if (d == null || d.isNull()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    List<String> drifted = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    for (JsonNode n : d.get("nodes")) {
      if (shown(n.get("status")).equals("unreachable")) {
        unreachable.add(shown(n.get("node")));
      } else {
        drifted.add(shown(n.get("node")) + " (" + n.get("changes").asInt() + ")");
      }
    }
    StringBuilder line = new StringBuilder("drift report " + shown(d.get("id")) + ": ");
    if (d.get("clean").asBoolean()) {
      line.append("clean, ").append(d.get("nodesChecked").asInt()).append(" node(s) checked");
    } else {
      List<String> parts = new ArrayList<>();
      if (!drifted.isEmpty()) {
        parts.add("drifted " + String.join(", ", drifted));
      }
      if (!unreachable.isEmpty()) {
        parts.add("unreachable " + String.join(", ", unreachable));
      }
      line.append(String.join("; ", parts));
    }
    lines.add(line.toString());
    if (!d.get("file").isNull()) {
      lines.add("report: " + shown(d.get("file")));
    }
    return lines;
  }

  private static String counts(JsonNode d) {
    if (d.get("clean").asBoolean()) {
      return "clean, " + d.get("nodesChecked").asInt() + " node(s) checked";
    }
    return d.get("nodesDrifted").asInt()
        + " node(s) drifted, "
        + d.get("changes").asInt()
        + " change(s), "
        + d.get("unreachable").asInt()
        + " unreachable ("
        + d.get("nodesChecked").asInt()
        + " checked)";
  }

  private static String filters(JsonNode q) {
    List<String> parts = new ArrayList<>();
    if (!shown(q.get("kind")).equals("all")) {
      parts.add("kind " + shown(q.get("kind")));
    }
    if (!q.get("node").isNull()) {
      parts.add("node " + shown(q.get("node")));
    }
    if (!q.get("since").isNull()) {
      parts.add("since " + time(q.get("since")));
    }
    if (q.hasNonNull("revision")) {
      parts.add("revision " + shown(q.get("revision")));
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private static void field(StringBuilder out, String name, String value) {
    out.append("  ").append(name).append(" ".repeat(10 - name.length())).append(value).append('\n');
  }

  private static String text(JsonNode n, String absent) {
    return n == null || n.isNull() ? absent : shown(n);
  }

  /** Triggers, summaries, node names and details came from outside (the API's "by", nodes). */
  private static String shown(JsonNode n) {
    return TerminalText.line(n.asString());
  }

  private static String time(JsonNode n) {
    return n == null || n.isNull() ? "-" : TIME.format(Instant.parse(n.asString()));
  }

  private static String took(JsonNode r) {
    if (r.get("finishedAt").isNull()) {
      return "running";
    }
    Duration d =
        Duration.between(
            Instant.parse(r.get("startedAt").asString()),
            Instant.parse(r.get("finishedAt").asString()));
    long s = Math.max(0, d.toSeconds());
    return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h";
  }

  private static String shortRevision(JsonNode n) {
    if (n == null || n.isNull()) {
      return "-";
    }
    String s = shown(n);
    return s.matches("[0-9a-f]{40}") ? s.substring(0, 7) : s;
  }
}
