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

  /**
   * The one script a page has: it reloads the page when a run ended (unless someone is typing in a
   * form). Allowed by its hash in the Content-Security-Policy, nothing else is.
   */
  static final String LIVE_SCRIPT =
      "new EventSource('/events').addEventListener('run',()=>{const a=document.activeElement;"
          + "if(!a||a.tagName!=='INPUT'){location.reload();}});";

  static final String LIVE_SCRIPT_HASH = "sha256-" + sha256(LIVE_SCRIPT);

  private static String sha256(String s) {
    try {
      return java.util.Base64.getEncoder()
          .encodeToString(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

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

  static String page(String title, DashboardSessions.Session s, String body) {
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
        .append(
            "border-bottom:1px solid"
                + " #ddd;text-align:left}.away{color:#b00}.ok{color:#070}.held{color:#a60}")
        .append("pre{background:#f6f8fa;padding:.5em;overflow-x:auto}.del{color:#b00}")
        .append(".add{color:#070}section.card{border:1px solid #ddd;padding:0 1em;margin:1em 0}")
        .append("</style></head><body>");
    if (s != null) {
      b.append(
              "<nav><a href=\"/fleet\">Fleet</a><a href=\"/approvals\">Approvals</a>"
                  + "<a href=\"/activity\">Activity</a><a href=\"/environments\">Environments</a>")
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
        .append("</main>")
        .append(s == null ? "" : "<script>" + LIVE_SCRIPT + "</script>")
        .append("</body></html>\n")
        .toString();
  }

  static String csrf(DashboardSessions.Session s) {
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
  /** Nodes a fleet page shows at most; the rest are on the next pages. */
  static final int PAGE = 100;

  /** What the fleet page is asked for: a group, a text in the name, a page. */
  record FleetQuery(String group, String text, int page) {}

  /**
   * Every node of the desired state, grouped by environment in promotion order, with what the store
   * knows of it ({@code trueup-nodes/1}, as {@code GET /api/v1/nodes} answers).
   */
  static String fleet(
      DashboardSessions.Session s,
      java.util.Optional<dev.trueup.model.DesiredState> state,
      JsonNode contacts,
      int pendingApprovals,
      FleetQuery q) {
    java.util.Map<String, JsonNode> byName = new java.util.HashMap<>();
    for (JsonNode n : contacts.path("nodes")) {
      byName.put(n.path("node").asString(""), n);
    }
    List<String> environments =
        state.map(dev.trueup.model.DesiredState::environments).orElse(List.of(""));
    java.util.Map<String, String> envOf = new java.util.HashMap<>();
    java.util.Set<String> groups = new java.util.TreeSet<>();
    List<String> names = new java.util.ArrayList<>();
    if (state.isPresent()) {
      for (dev.trueup.model.Node n : state.get().nodes().values()) {
        groups.addAll(n.groups());
        if ((q.group().isEmpty() || n.groups().contains(q.group()))
            && (q.text().isEmpty() || n.name().contains(q.text()))) {
          names.add(n.name());
          envOf.put(n.name(), n.environment());
        }
      }
    } else {
      byName.keySet().stream()
          .filter(n -> q.text().isEmpty() || n.contains(q.text()))
          .sorted()
          .forEach(
              n -> {
                names.add(n);
                envOf.put(n, "");
              });
    }
    names.sort(
        java.util.Comparator.comparingInt((String n) -> environments.indexOf(envOf.get(n)))
            .thenComparing(java.util.Comparator.naturalOrder()));
    int pages = Math.max(1, (names.size() + PAGE - 1) / PAGE);
    int page = Math.min(Math.max(1, q.page()), pages);
    List<String> shown = names.subList((page - 1) * PAGE, Math.min(names.size(), page * PAGE));
    StringBuilder b = new StringBuilder();
    b.append("<p>")
        .append(pendingApprovals)
        .append(" change(s) waiting for approval. <a href=\"/approvals\">Review</a></p>")
        .append("<form method=\"get\" action=\"/fleet\"><label>Group <select name=\"group\">")
        .append("<option value=\"\">all</option>");
    for (String g : groups) {
      b.append("<option")
          .append(g.equals(q.group()) ? " selected" : "")
          .append(">")
          .append(escape(g))
          .append("</option>");
    }
    b.append("</select></label> <label>Name <input name=\"q\" value=\"")
        .append(escape(q.text()))
        .append("\"></label> <button>Filter</button></form><p>")
        .append(names.size())
        .append(" node(s)")
        .append(pages > 1 ? ", page " + page + " of " + pages : "")
        .append("</p>");
    String current = null;
    for (String name : shown) {
      String env = envOf.get(name);
      if (!env.equals(current)) {
        if (current != null) {
          b.append("</tbody></table>");
        }
        current = env;
        b.append("<h2>")
            .append(escape(env.isEmpty() ? "nodes" : env))
            .append("</h2><table><thead><tr><th>Node</th><th>State</th><th>Held</th>")
            .append("<th>Last seen</th><th>Last converged</th><th>Revision</th></tr></thead>")
            .append("<tbody>");
      }
      JsonNode n = byName.get(name);
      boolean away = n != null && n.path("away").asBoolean(false);
      b.append("<tr><td>")
          .append(nodeLink(name))
          .append("</td><td class=\"")
          .append(state(n, away))
          .append("</td><td>")
          .append(n == null ? 0 : n.path("heldChanges").asInt(0))
          .append("</td><td>")
          .append(escape(n == null ? "never" : n.path("lastSeen").asString("never")))
          .append("</td><td>")
          .append(escape(n == null ? "never" : n.path("lastConverged").asString("never")))
          .append("</td><td>")
          .append(escape(n == null ? "" : n.path("convergedRevision").asString("")))
          .append(behind(n))
          .append("</td></tr>");
    }
    if (current != null) {
      b.append("</tbody></table>");
    }
    if (pages > 1) {
      b.append("<p>");
      for (int p = 1; p <= pages; p++) {
        b.append(
                p == page
                    ? "<b>" + p + "</b>"
                    : "<a href=\"/fleet?page="
                        + p
                        + "&amp;group="
                        + escape(
                            java.net.URLEncoder.encode(
                                q.group(), java.nio.charset.StandardCharsets.UTF_8))
                        + "&amp;q="
                        + escape(
                            java.net.URLEncoder.encode(
                                q.text(), java.nio.charset.StandardCharsets.UTF_8))
                        + "\">"
                        + p
                        + "</a>")
            .append(' ');
      }
      b.append("</p>");
    }
    return page("Fleet", s, b.toString());
  }

  /** The state cell's class and text: the node's standing, and why when it is away. */
  private static String state(JsonNode n, boolean away) {
    if (n == null) {
      return "held\">not reached yet";
    }
    if (away) {
      return "away\">away: " + escape(n.path("missedReason").asString(""));
    }
    if (!n.path("standing").isString()) {
      return "ok\">reachable";
    }
    dev.trueup.history.Standing st =
        dev.trueup.history.Standing.valueOf(
            n.path("standing").asString().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    return st.tone() + "\">" + escape(st.label());
  }

  private static String behind(JsonNode n) {
    if (n == null || !n.path("commitsBehind").isNumber()) {
      return n != null && "behind".equals(n.path("standing").asString(""))
          ? " (not the revision followed)"
          : "";
    }
    int k = n.path("commitsBehind").asInt();
    return " (" + k + (k == 1 ? " commit" : " commits") + " behind)";
  }

  static String nodeLink(String node) {
    return "<a href=\"/nodes/" + escape(node) + "\">" + escape(node) + "</a>";
  }

  /**
   * @param contact the node's entry of {@code trueup-nodes/1}, if it has one
   * @param plan the node's plan now, as {@code trueup plan} prints it (secrets redacted as there)
   * @param firing the node's Prometheus alerts firing now ({@code notify.FiringAlerts})
   * @param health the node's latest health-check samples, newest first
   */
  /**
   * One resource on a node's page: what desired state declares (or a change the plan makes to
   * something it no longer declares) and where it stands against what was observed now.
   */
  record ResourceRow(
      String kind, String id, String declaredAt, String live, String state, boolean inSync) {}

  /**
   * Every resource of a node with its state in the plan just made: in sync when the plan changes
   * nothing of it, else the change (its action, the fields that differ, what the decision does); a
   * node that was not observed says so instead. Pure: from the declared list and the node's part of
   * the plan JSON.
   */
  static List<ResourceRow> resourceRows(List<PlanService.Declared> declared, JsonNode planNode) {
    java.util.Map<String, JsonNode> changes = new java.util.LinkedHashMap<>();
    for (JsonNode c : planNode.path("changes")) {
      changes.put(c.path("kind").asString("") + "\0" + c.path("id").asString(""), c);
    }
    boolean observed = planNode.path("status").asString("observed").equals("observed");
    List<ResourceRow> rows = new java.util.ArrayList<>();
    for (PlanService.Declared d : declared) {
      JsonNode c = changes.remove(d.kind() + "\0" + d.id());
      String at = d.file() + ":" + d.line();
      if (c != null) {
        rows.add(new ResourceRow(d.kind(), d.id(), at, d.live(), changeState(c), false));
      } else if (observed) {
        rows.add(new ResourceRow(d.kind(), d.id(), at, d.live(), "in sync", true));
      } else {
        rows.add(new ResourceRow(d.kind(), d.id(), at, "", "not observed", false));
      }
    }
    for (JsonNode c : changes.values()) {
      rows.add(
          new ResourceRow(
              c.path("kind").asString(""),
              c.path("id").asString(""),
              "-",
              "",
              changeState(c),
              false));
    }
    return rows;
  }

  private static String changeState(JsonNode c) {
    List<String> fields = new java.util.ArrayList<>();
    c.path("fields").forEach(f -> fields.add(f.path("field").asString("")));
    String step = c.path("step").asString("");
    return c.path("action").asString("")
        + (fields.isEmpty() ? "" : ": " + String.join(", ", fields))
        + (step.isEmpty() ? "" : " (" + step + ")");
  }

  static String node(
      DashboardSessions.Session s,
      String name,
      JsonNode contact,
      String plan,
      List<ResourceRow> resources,
      List<Approval> pending,
      JsonNode history,
      List<dev.trueup.notify.LoggedEvent> firing,
      List<dev.trueup.store.HealthSamples.Sample> health) {
    StringBuilder b = new StringBuilder();
    if (!firing.isEmpty()) {
      b.append("<h2>Alerts firing</h2><ul>");
      for (dev.trueup.notify.LoggedEvent e : firing) {
        b.append("<li class=\"away\">[")
            .append(escape(e.event().level().yaml()))
            .append("] ")
            .append(escape(e.event().subject()))
            .append(" (since ")
            .append(escape(e.at().toString()))
            .append(")</li>");
      }
      b.append("</ul>");
    }
    b.append("<h2>Now</h2><p>");
    if (contact == null || contact.isMissingNode()) {
      b.append("No run has reached this node yet.");
    } else {
      b.append(
              contact.path("away").asBoolean(false)
                  ? "<span class=\"away\">away: "
                      + escape(contact.path("missedReason").asString(""))
                      + "</span>"
                  : "<span class=\"ok\">reachable</span>")
          .append("; last seen ")
          .append(escape(contact.path("lastSeen").asString("never")))
          .append("; last converged ")
          .append(escape(contact.path("lastConverged").asString("never")))
          .append(" at revision ")
          .append(escape(contact.path("convergedRevision").asString("-")));
    }
    b.append("</p><h2>Resources</h2>");
    if (resources.isEmpty()) {
      b.append("<p>Desired state gives this node nothing to manage.</p>");
    } else {
      long inSync = resources.stream().filter(ResourceRow::inSync).count();
      b.append("<p>")
          .append(inSync)
          .append(" of ")
          .append(resources.size())
          .append(" in sync with what was observed now.</p>")
          .append(
              "<table><tr><th>kind</th><th>resource</th><th>declared at</th><th>observed</th>"
                  + "<th>state</th></tr>");
      for (ResourceRow r : resources) {
        b.append("<tr><td>")
            .append(escape(r.kind()))
            .append("</td><td><code>")
            .append(escape(r.id()))
            .append("</code></td><td>")
            .append(escape(r.declaredAt()))
            .append("</td><td>")
            .append(escape(r.live()))
            .append("</td><td class=\"")
            .append(r.inSync() ? "ok" : "held")
            .append("\">")
            .append(escape(r.state()))
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    b.append("<h2>Plan</h2><pre>").append(escape(plan)).append("</pre>");
    b.append("<h2>Waiting for approval</h2>");
    if (pending.isEmpty()) {
      b.append("<p>Nothing.</p>");
    } else {
      b.append("<ul>");
      for (Approval a : pending) {
        b.append("<li><code>")
            .append(escape(a.id()))
            .append("</code> ")
            .append(escape(a.resource()))
            .append(" (")
            .append(escape(a.changeClass().yaml()))
            .append(") <a href=\"/approvals\">decide</a></li>");
      }
      b.append("</ul>");
    }
    b.append("<h2>Health checks</h2>");
    if (health.isEmpty()) {
      b.append("<p>No health check has been sampled (none declared, or --health-every is 0).</p>");
    } else {
      b.append("<table><thead><tr><th>When</th><th>Service</th><th>Answer</th></tr></thead>")
          .append("<tbody>");
      for (dev.trueup.store.HealthSamples.Sample h : health) {
        b.append("<tr><td>")
            .append(escape(h.at().toString()))
            .append("</td><td>")
            .append(escape(h.service()))
            .append("</td><td class=\"")
            .append(
                h.healthy() ? "ok\">healthy" : "away\">failing: " + escape(h.reason().orElse("")))
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    b.append("<h2>Recent runs and drift checks</h2>").append(DashboardActivity.runs(history));
    return page(name, s, b.toString());
  }

  /** Seed 000's availability levels, strictest first: the last environment gets the first. */
  private static final double[] LEVELS = {99.9, 99.5, 95.0, 90.0};

  private static final String[] LEVEL_NAMES = {"critical", "high", "medium", "low"};

  /**
   * @param uptime label (24 h, 7 d, 30 d) → per environment, the health-check samples and how many
   *     passed
   * @param periods label → the store's figures for it (reachability from the drift checks)
   */
  static String environments(
      DashboardSessions.Session s,
      dev.trueup.model.DesiredState state,
      java.util.Map<String, java.util.Map<String, dev.trueup.store.HealthSamples.Tally>> uptime,
      java.util.Map<String, dev.trueup.store.MonthlyActivity.Activity> periods) {
    StringBuilder b =
        new StringBuilder(
            "<p>Levels by promotion order: the last environment is held to critical (99.9 %),"
                + " the one before it to high (99.5 %), then medium (95 %), low (90 %).</p>"
                + "<h2>Uptime</h2><p>The share of the services' health checks that passed when"
                + " serve ran them (every --health-every; a node that could not be reached fails"
                + " its checks).</p><table><thead><tr><th>Environment</th><th>Level</th>");
    periods.keySet().forEach(k -> b.append("<th>").append(escape(k)).append("</th>"));
    b.append("</tr></thead><tbody>");
    List<String> envNames = state.environments();
    for (int i = 0; i < envNames.size(); i++) {
      String env = envNames.get(i);
      int rank = Math.min(envNames.size() - 1 - i, LEVELS.length - 1);
      b.append("<tr><td>")
          .append(escape(env))
          .append("</td><td>")
          .append(LEVEL_NAMES[rank])
          .append(" (")
          .append(LEVELS[rank])
          .append(" %)</td>");
      for (String period : periods.keySet()) {
        percent(
            b,
            uptime
                .getOrDefault(period, java.util.Map.of())
                .getOrDefault(env, new dev.trueup.store.HealthSamples.Tally(0, 0))
                .percent(),
            LEVELS[rank],
            "no health checks");
      }
      b.append("</tr>");
    }
    b.append("</tbody></table><h2>Reachability</h2><p>The share of drift checks that reached")
        .append(" each node of the environment.</p>")
        .append("<table><thead><tr><th>Environment</th><th>Level</th>");
    periods.keySet().forEach(k -> b.append("<th>").append(escape(k)).append("</th>"));
    b.append("</tr></thead><tbody>");
    List<String> envs = state.environments();
    for (int i = 0; i < envs.size(); i++) {
      String env = envs.get(i);
      int rank = Math.min(envs.size() - 1 - i, LEVELS.length - 1);
      List<String> nodes =
          state.nodes().values().stream()
              .filter(n -> n.environment().equals(env))
              .map(dev.trueup.model.Node::name)
              .toList();
      b.append("<tr><td>")
          .append(escape(env))
          .append("</td><td>")
          .append(LEVEL_NAMES[rank])
          .append(" (")
          .append(LEVELS[rank])
          .append(" %)</td>");
      for (dev.trueup.store.MonthlyActivity.Activity a : periods.values()) {
        percent(b, a.reach(nodes).percent(), LEVELS[rank], "no drift checks");
      }
      b.append("</tr>");
    }
    return page("Environments", s, b.append("</tbody></table>").toString());
  }

  private static void percent(
      StringBuilder b, java.util.Optional<Double> pct, double level, String none) {
    if (pct.isEmpty()) {
      b.append("<td>").append(none).append("</td>");
    } else {
      b.append("<td class=\"")
          .append(pct.get() >= level ? "ok" : "away")
          .append("\">")
          .append(String.format(java.util.Locale.ROOT, "%.2f %%", pct.get()))
          .append("</td>");
    }
  }
}
