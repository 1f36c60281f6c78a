package dev.trueup.server;

import dev.trueup.store.Approval;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's pages, rendered on the server from the same JSON the API and the CLI give (no
 * script, no asset from anywhere: a page is one HTML document with its style inline). Every value
 * is escaped. Pure.
 */
final class DashboardPages {
  private DashboardPages() {}

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String page(String title, DashboardSessions.Session s, String body) {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>trueup: ")
        .append(escape(title))
        .append("</title><style>")
        .append("body{font:15px/1.4 system-ui,sans-serif;margin:0;color:#1b1f23}")
        .append(
            "nav{background:#1b1f23;color:#fff;padding:.6em 1em}nav a{color:#fff;margin-right:1em}")
        .append("main{padding:1em}table{border-collapse:collapse}td,th{padding:.3em .8em;")
        .append("border-bottom:1px solid #ddd;text-align:left}.away{color:#b00}.ok{color:#070}")
        .append("</style></head><body>");
    if (s != null) {
      b.append("<nav><a href=\"/fleet\">Fleet</a><a href=\"/approvals\">Approvals</a>")
          .append("<span>")
          .append(escape(s.user().name()))
          .append(" (")
          .append(s.user().role().label())
          .append(")</span> <form method=\"post\" action=\"/logout\" style=\"display:inline\">")
          .append(csrf(s))
          .append("<button>Log out</button></form></nav>");
    }
    return b.append("<main><h1>")
        .append(escape(title))
        .append("</h1>")
        .append(body)
        .append("</main></body></html>\n")
        .toString();
  }

  private static String csrf(DashboardSessions.Session s) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(s.csrf()) + "\">";
  }

  static String login(String problem) {
    return page(
        "Log in",
        null,
        (problem == null ? "" : "<p class=\"away\">" + escape(problem) + "</p>")
            + "<form method=\"post\" action=\"/login\"><label>Token "
            + "<input type=\"password\" name=\"token\" autocomplete=\"current-password\" autofocus>"
            + "</label> <button>Log in</button></form>");
  }

  /**
   * @param nodes {@code trueup-nodes/1}, as {@code GET /api/v1/nodes} answers
   */
  static String fleet(DashboardSessions.Session s, JsonNode nodes, int pendingApprovals) {
    StringBuilder b = new StringBuilder();
    b.append("<p>")
        .append(pendingApprovals)
        .append(" change(s) waiting for approval. <a href=\"/approvals\">Review</a></p>")
        .append("<table><thead><tr><th>Node</th><th>State</th><th>Last seen</th>")
        .append("<th>Last converged</th><th>Revision</th></tr></thead><tbody>");
    for (JsonNode n : nodes.path("nodes")) {
      boolean away = n.path("away").asBoolean(false);
      b.append("<tr><td>")
          .append(escape(n.path("node").asString("")))
          .append("</td><td class=\"")
          .append(
              away
                  ? "away\">away: " + escape(n.path("missedReason").asString(""))
                  : "ok\">reachable")
          .append("</td><td>")
          .append(escape(n.path("lastSeen").asString("never")))
          .append("</td><td>")
          .append(escape(n.path("lastConverged").asString("never")))
          .append("</td><td>")
          .append(escape(n.path("convergedRevision").asString("")))
          .append("</td></tr>");
    }
    return page("Fleet", s, b.append("</tbody></table>").toString());
  }

  static String approvals(DashboardSessions.Session s, List<Approval> pending, String notice) {
    StringBuilder b = new StringBuilder();
    if (notice != null) {
      b.append("<p class=\"ok\">").append(escape(notice)).append("</p>");
    }
    if (pending.isEmpty()) {
      b.append("<p>No changes are waiting for approval.</p>");
    }
    b.append("<table><tbody>");
    for (Approval a : pending) {
      b.append("<tr><td><code>")
          .append(escape(a.id()))
          .append("</code></td><td>")
          .append(escape(a.node()))
          .append("</td><td>")
          .append(escape(a.resource()))
          .append("</td><td>")
          .append(escape(a.changeClass().yaml()))
          .append("</td><td>")
          .append(escape(a.reason().orElse("")))
          .append("</td><td>");
      if (s.user().role().mayApprove()) {
        for (String verb : List.of("approve", "reject")) {
          b.append("<form method=\"post\" action=\"/approvals/")
              .append(escape(a.id()))
              .append("/")
              .append(verb)
              .append("\" style=\"display:inline\">")
              .append(csrf(s))
              .append("<input name=\"note\" placeholder=\"note\"><button>")
              .append(verb)
              .append("</button></form>");
        }
      } else {
        b.append("(approver role needed to decide)");
      }
      b.append("</td></tr>");
    }
    return page("Approvals", s, b.append("</tbody></table>").toString());
  }
}
