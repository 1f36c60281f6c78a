package dev.trueup.server;

import static dev.trueup.server.DashboardPages.escape;
import static dev.trueup.server.DashboardPages.nodeLink;

import dev.trueup.store.Approval;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The activity page, newest first: runs with the decisions they made (class, rule, verdict,
 * reason), approvals people decided (who, when, note), and what trueup told people. Filtered by
 * kind and by node; every node and revision links to where it is shown.
 */
final class DashboardActivity {
  private DashboardActivity() {}

  /** The filters: {@code kind} and, when not empty, one node and one revision. */
  record Query(String kind, String node, String revision) {
    static final List<String> KINDS =
        List.of("all", "apply", "drift", "report", "approvals", "notifications");

    Query {
      kind = KINDS.contains(kind) ? kind : "all";
    }

    boolean shows(String what) {
      return kind.equals("all") || kind.equals(what);
    }

    boolean showsRuns() {
      return kind.equals("all")
          || kind.equals("apply")
          || kind.equals("drift")
          || kind.equals("report");
    }
  }

  /**
   * @param history {@code trueup-history/1} of the runs the query selects
   * @param decided approvals decided, newest first
   * @param notifications {@code trueup-notifications/1}
   */
  static String page(
      DashboardSessions.Session s,
      Query q,
      JsonNode history,
      List<Approval> decided,
      JsonNode notifications) {
    StringBuilder b = new StringBuilder("<p>Show: ");
    for (String k : Query.KINDS) {
      b.append(
              k.equals(q.kind())
                  ? "<b>" + k + "</b>"
                  : "<a href=\"/activity?kind=" + k + node(q) + "\">" + k + "</a>")
          .append(' ');
    }
    b.append("</p><form method=\"get\" action=\"/activity\"><input type=\"hidden\" name=\"kind\"")
        .append(" value=\"")
        .append(escape(q.kind()))
        .append("\"><label>Node <input name=\"node\" value=\"")
        .append(escape(q.node()))
        .append("\"></label> <label>Revision <input name=\"revision\" value=\"")
        .append(escape(q.revision()))
        .append("\"></label> <button>Filter</button></form>");
    if (q.showsRuns()) {
      b.append("<h2>Runs</h2>");
      runs(b, history);
    }
    if (q.shows("approvals")) {
      b.append("<h2>Approvals decided</h2>");
      approvals(b, q, decided);
    }
    if (q.shows("notifications") && q.node().isEmpty() && q.revision().isEmpty()) {
      b.append("<h2>Notifications</h2>");
      notifications(b, notifications);
    }
    return DashboardPages.page("Activity", s, b.toString());
  }

  private static String node(Query q) {
    return q.node().isEmpty()
        ? ""
        : "&amp;node=" + escape(URLEncoder.encode(q.node(), StandardCharsets.UTF_8));
  }

  static String runs(JsonNode history) {
    StringBuilder b = new StringBuilder();
    runs(b, history);
    return b.toString();
  }

  private static void runs(StringBuilder b, JsonNode history) {
    b.append("<table><thead><tr><th>Run</th><th>Kind</th><th>Status</th><th>Started</th>")
        .append("<th>Revision</th><th>Trigger</th><th>Nodes</th><th>Summary</th></tr></thead>")
        .append("<tbody>");
    for (JsonNode r : history.path("runs")) {
      b.append("<tr><td>")
          .append(r.path("id").asLong())
          .append("</td><td>")
          .append(escape(r.path("kind").asString("")))
          .append("</td><td class=\"")
          .append(r.path("status").asString("").equals("failed") ? "away" : "ok")
          .append("\">")
          .append(escape(r.path("status").asString("")))
          .append("</td><td>")
          .append(escape(r.path("startedAt").asString("")))
          .append("</td><td>")
          .append(revision(r.path("desiredRevision").asString("")))
          .append("</td><td>")
          .append(escape(r.path("trigger").asString("")))
          .append("</td><td>");
      for (JsonNode n : r.path("nodes")) {
        b.append(nodeLink(n.asString(""))).append(' ');
      }
      b.append("</td><td>").append(escape(r.path("summary").asString(""))).append("</td></tr>");
      decisions(b, r);
    }
    b.append("</tbody></table>");
  }

  /** A revision links to the activity of that revision: its runs and decisions. */
  private static String revision(String rev) {
    return rev.isEmpty()
        ? ""
        : "<a href=\"/activity?revision="
            + escape(URLEncoder.encode(rev, StandardCharsets.UTF_8))
            + "\"><code>"
            + escape(rev.length() > 12 ? rev.substring(0, 12) : rev)
            + "</code></a>";
  }

  private static void decisions(StringBuilder b, JsonNode r) {
    JsonNode ds = r.path("decisions");
    if (!ds.isArray() || ds.isEmpty()) {
      return;
    }
    long total = r.path("decisionsTotal").asLong(ds.size());
    b.append("<tr><td></td><td colspan=\"7\"><details><summary>")
        .append(total)
        .append(total == 1 ? " decision" : " decisions")
        .append(total > ds.size() ? " (the first " + ds.size() + " shown)" : "")
        .append("</summary><table><thead><tr><th>Node</th><th>Resource</th><th>Class</th>")
        .append("<th>Rule</th><th>Verdict</th><th>Reason</th></tr></thead><tbody>");
    for (JsonNode d : ds) {
      b.append("<tr><td>")
          .append(nodeLink(d.path("node").asString("")))
          .append("</td><td>")
          .append(escape(d.path("kind").asString("")))
          .append(' ')
          .append(escape(d.path("resource").asString("")))
          .append("</td><td>")
          .append(escape(d.path("class").asString("")))
          .append("</td><td>")
          .append(escape(d.path("rule").isString() ? d.path("rule").asString() : ""))
          .append("</td><td>")
          .append(escape(d.path("verdict").asString("")))
          .append("</td><td>")
          .append(escape(d.path("reason").asString("")))
          .append("</td></tr>");
    }
    b.append("</tbody></table></details></td></tr>");
  }

  private static void approvals(StringBuilder b, Query q, List<Approval> decided) {
    List<Approval> shown =
        decided.stream()
            .filter(a -> q.node().isEmpty() || a.node().equals(q.node()))
            .filter(a -> q.revision().isEmpty() || a.desiredRevision().startsWith(q.revision()))
            .toList();
    if (shown.isEmpty()) {
      b.append("<p>None.</p>");
      return;
    }
    b.append("<table><thead><tr><th>When</th><th>Node</th><th>Resource</th><th>Class</th>")
        .append("<th>Decision</th><th>By</th><th>Note</th><th>Revision</th></tr></thead><tbody>");
    for (Approval a : shown) {
      b.append("<tr><td>")
          .append(escape(a.decidedAt().map(Object::toString).orElse("")))
          .append("</td><td>")
          .append(nodeLink(a.node()))
          .append("</td><td>")
          .append(escape(a.resource()))
          .append("</td><td>")
          .append(escape(a.changeClass().yaml()))
          .append("</td><td>")
          .append(escape(a.status().name().toLowerCase(Locale.ROOT)))
          .append("</td><td>")
          .append(escape(a.decidedBy().orElse("")))
          .append("</td><td>")
          .append(escape(a.note().orElse("")))
          .append("</td><td>")
          .append(revision(a.desiredRevision()))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
  }

  private static void notifications(StringBuilder b, JsonNode notifications) {
    JsonNode all = notifications.path("notifications");
    if (all.isEmpty()) {
      b.append("<p>None.</p>");
      return;
    }
    b.append("<table><thead><tr><th>When</th><th>Level</th><th>Channel</th><th>Subject</th>")
        .append("<th>Status</th></tr></thead><tbody>");
    for (JsonNode m : all) {
      String status = m.path("status").asString("");
      b.append("<tr><td>")
          .append(escape(m.path("createdAt").asString("")))
          .append("</td><td>")
          .append(escape(m.path("level").asString("")))
          .append("</td><td>")
          .append(escape(m.path("channel").asString("")))
          .append("</td><td>")
          .append(escape(m.path("subject").asString("")))
          .append("</td><td class=\"")
          .append(status.equals("failed") ? "away" : status.equals("sent") ? "ok" : "held")
          .append("\">")
          .append(escape(status))
          .append(
              m.path("lastError").isString() ? ": " + escape(m.path("lastError").asString()) : "")
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
  }
}
