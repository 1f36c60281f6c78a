package dev.trueup.server;

import static dev.trueup.server.DashboardPages.escape;

import dev.trueup.store.Approval;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The approvals page: each held change with what a person needs to decide it (class, rule, reason,
 * the diff and the blast radius, from {@link dev.trueup.history.HeldChanges}), the buttons for
 * those who may decide, and the decided ones with who, when and why.
 */
final class DashboardApprovals {
  private DashboardApprovals() {}

  static String page(
      DashboardSessions.Session s,
      List<Approval> pending,
      Map<String, ? extends JsonNode> held,
      List<Approval> decided,
      String notice) {
    StringBuilder b = new StringBuilder();
    if (notice != null) {
      b.append("<p class=\"ok\">").append(escape(notice)).append("</p>");
    }
    if (pending.isEmpty()) {
      b.append("<p>No changes are waiting for approval.</p>");
    }
    for (Approval a : pending) {
      held(b, s, a, held.get(a.id()));
    }
    if (!decided.isEmpty()) {
      decided(b, decided);
    }
    return DashboardPages.page("Approvals", s, b.toString());
  }

  private static void held(StringBuilder b, DashboardSessions.Session s, Approval a, JsonNode h) {
    b.append("<section class=\"card\"><h2><code>")
        .append(escape(a.id()))
        .append("</code> ")
        .append(DashboardPages.nodeLink(a.node()))
        .append(" ")
        .append(escape(a.resource()))
        .append("</h2><p>Class <b>")
        .append(escape(a.changeClass().yaml()))
        .append("</b>");
    JsonNode change = h == null ? null : h.path("change");
    if (change != null && !change.path("rule").isNull()) {
      b.append(", rule <code>").append(escape(change.path("rule").asString(""))).append("</code>");
    }
    b.append(", revision <code>")
        .append(escape(a.desiredRevision()))
        .append("</code>, held since ")
        .append(escape(a.requestedAt().toString()))
        .append("</p><p>")
        .append(escape(a.reason().orElse("")))
        .append("</p>");
    if (change == null) {
      b.append("<p>The plan that held this change is no longer stored: see ")
          .append(DashboardPages.nodeLink(a.node()))
          .append(" for its plan now.</p>");
    } else {
      diff(b, change);
      blastRadius(b, h.path("blastRadius"));
    }
    if (s.user().role().mayApprove()) {
      for (String verb : List.of("approve", "reject")) {
        b.append("<form method=\"post\" action=\"/approvals/")
            .append(escape(a.id()))
            .append("/")
            .append(verb)
            .append("\" style=\"display:inline\">")
            .append(DashboardPages.csrf(s))
            .append("<input name=\"note\" placeholder=\"note\"><button>")
            .append(verb)
            .append("</button></form> ");
      }
    } else {
      b.append("<p>(approver role needed to decide)</p>");
    }
    b.append("</section>");
  }

  /** The fields that change, then the content diff, both as the plan JSON has them (redacted). */
  private static void diff(StringBuilder b, JsonNode change) {
    b.append("<table><thead><tr><th>")
        .append(escape(change.path("action").asString("")))
        .append("</th><th>live</th><th>desired</th></tr></thead><tbody>");
    for (JsonNode f : change.path("fields")) {
      b.append("<tr><td>")
          .append(escape(f.path("field").asString("")))
          .append("</td><td>")
          .append(escape(value(f.path("live"))))
          .append("</td><td>")
          .append(escape(value(f.path("desired"))))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
    JsonNode lines = change.path("contentDiff");
    if (lines.isArray() && !lines.isEmpty()) {
      b.append("<pre>");
      for (JsonNode l : lines) {
        String line = l.asString("");
        String cls = line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "";
        b.append(cls.isEmpty() ? "<span>" : "<span class=\"" + cls + "\">")
            .append(escape(line))
            .append("</span>\n");
      }
      b.append("</pre>");
    }
    if (!change.path("contentNote").isNull() && change.has("contentNote")) {
      b.append("<p>").append(escape(change.path("contentNote").asString(""))).append("</p>");
    }
  }

  private static String value(JsonNode v) {
    return v.isNull() || v.isMissingNode() ? "(none)" : v.asString("");
  }

  private static void blastRadius(StringBuilder b, JsonNode blast) {
    JsonNode nodes = blast.path("nodes");
    b.append("<p>Blast radius: ")
        .append(nodes.size())
        .append(nodes.size() == 1 ? " node" : " nodes")
        .append(" in ");
    StringBuilder envs = new StringBuilder();
    for (JsonNode e : blast.path("environments")) {
      envs.append(envs.isEmpty() ? "" : ", ").append(escape(e.asString("")));
    }
    b.append(envs).append(" get this same change");
    long heldOn = blast.path("heldOn").asLong(0);
    if (heldOn > 1) {
      b.append(", held for approval on ").append(heldOn).append(" of them");
    }
    b.append(":");
    int shown = 0;
    for (JsonNode n : nodes) {
      if (shown++ == 20) {
        b.append(" and ").append(nodes.size() - 20).append(" more");
        break;
      }
      b.append(" ").append(DashboardPages.nodeLink(n.asString("")));
    }
    b.append("</p>");
  }

  private static void decided(StringBuilder b, List<Approval> decided) {
    b.append("<h2>Decided</h2><table><thead><tr><th>Id</th><th>Node</th><th>Resource</th>")
        .append("<th>Decision</th><th>By</th><th>When</th><th>Note</th></tr></thead><tbody>");
    for (Approval a : decided) {
      b.append("<tr><td><code>")
          .append(escape(a.id()))
          .append("</code></td><td>")
          .append(DashboardPages.nodeLink(a.node()))
          .append("</td><td>")
          .append(escape(a.resource()))
          .append("</td><td>")
          .append(escape(a.status().name().toLowerCase(Locale.ROOT)))
          .append("</td><td>")
          .append(escape(a.decidedBy().orElse("")))
          .append("</td><td>")
          .append(escape(a.decidedAt().map(Object::toString).orElse("")))
          .append("</td><td>")
          .append(escape(a.note().orElse("")))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
  }
}
