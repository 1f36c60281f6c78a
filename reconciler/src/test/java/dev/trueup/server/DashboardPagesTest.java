package dev.trueup.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.testing.fixtures.Nodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The fleet page for a big fleet: grouped in promotion order, filtered, paged, escaped. */
class DashboardPagesTest {
  private static final DashboardSessions.Session ALICE =
      new DashboardSessions.Session(
          "s",
          DashboardUsers.user("alice", DashboardUsers.Role.APPROVER, "t".repeat(20)),
          "csrf-<token>",
          java.time.Instant.now());

  private static DesiredState fleet(int n) {
    List<Node> nodes = new ArrayList<>();
    String[] envs = {"production", "development", "staging"};
    for (int i = 0; i < n; i++) {
      Nodes.Builder b = Nodes.node("n" + i).environment(envs[i % 3]);
      if (i % 10 == 0) {
        b.groups("gpu");
      }
      nodes.add(b.build());
    }
    return Nodes.fleet(nodes.toArray(Node[]::new));
  }

  private static ObjectNode contacts() {
    ObjectNode root = JsonMapper.builder().build().createObjectNode();
    root.putArray("nodes")
        .addObject()
        .put("node", "n0")
        .put("away", true)
        .put("missedReason", "<refused>");
    return root;
  }

  @Test
  void aThousandNodesArePagedByAHundredInPromotionOrderAndFilteredByGroupAndName() {
    DesiredState state = fleet(1000);
    String first =
        DashboardPages.fleet(
            ALICE, Optional.of(state), contacts(), 3, new DashboardPages.FleetQuery("", "", 1));
    assertThat(first).contains("1000 node(s), page 1 of 10");
    assertThat(first.split("<tr><td><a href=\"/nodes/", -1)).hasSize(101);
    // development before staging before production: the fleet's promotion order.
    assertThat(first).contains("<h2>development</h2>").doesNotContain("<h2>production</h2>");
    String away =
        DashboardPages.fleet(
            ALICE, Optional.of(state), contacts(), 3, new DashboardPages.FleetQuery("", "n0", 1));
    assertThat(away).contains("away: &lt;refused&gt;").doesNotContain("<refused>");
    assertThat(first).contains("value=\"csrf-&lt;token&gt;\"");
    String last =
        DashboardPages.fleet(
            ALICE, Optional.of(state), contacts(), 3, new DashboardPages.FleetQuery("", "", 10));
    assertThat(last).contains("<h2>production</h2>").contains("page 10 of 10");

    String gpu =
        DashboardPages.fleet(
            ALICE, Optional.of(state), contacts(), 3, new DashboardPages.FleetQuery("gpu", "", 1));
    assertThat(gpu).contains("100 node(s)").doesNotContain("page 1 of");
    assertThat(gpu).contains("<option selected>gpu</option>");
    String named =
        DashboardPages.fleet(
            ALICE, Optional.of(state), contacts(), 3, new DashboardPages.FleetQuery("", "n99", 1));
    assertThat(named).contains("11 node(s)"); // n99, n990..n999
  }

  @Test
  void aNodesPageListsItsFiringAlertsFirst() {
    var fired =
        new dev.trueup.notify.LoggedEvent(
            java.time.Instant.parse("2026-12-04T10:01:00Z"),
            dev.trueup.notify.Event.of(
                dev.trueup.model.AlertLevel.CRITICAL,
                dev.trueup.notify.Event.Kind.ALERT_FIRING,
                "aurora",
                "aurora: disk_percent above 95 on <aurora>",
                List.of()));
    String page =
        DashboardPages.node(
            ALICE,
            "aurora",
            null,
            "no changes",
            List.of(),
            List.of(),
            JsonMapper.builder().build().createObjectNode(),
            List.of(fired),
            List.of());
    assertThat(page)
        .contains("<h2>Alerts firing</h2>")
        .contains(
            "[critical] aurora: disk_percent above 95 on &lt;aurora&gt; (since"
                + " 2026-12-04T10:01:00Z)");
    assertThat(page.indexOf("Alerts firing")).isLessThan(page.indexOf("<h2>Now</h2>"));
  }

  @Test
  void aNodesResourcesSayWhichAreInSyncWhichChangeAndWhatIsNoLongerDeclared() throws Exception {
    JsonNode planNode =
        JsonMapper.builder()
            .build()
            .readTree(
                """
                {"node": "web", "status": "observed", "changes": [
                  {"action": "update", "kind": "file", "id": "/etc/app.conf", "step": "revert-drift",
                   "fields": [{"field": "mode"}, {"field": "content"}]},
                  {"action": "delete", "kind": "file", "id": "/etc/cron.d/trueup-old"}]}
                """);
    List<PlanService.Declared> declared =
        List.of(
            new PlanService.Declared(
                "file", "/etc/app.conf", "nodes/web.yaml", 7, "file 0600 root:root, 12 bytes"),
            new PlanService.Declared("unit", "app.service", "fleet.yaml", 12, "enabled, active"));

    List<DashboardPages.ResourceRow> rows = DashboardPages.resourceRows(declared, planNode);

    assertThat(rows)
        .containsExactly(
            new DashboardPages.ResourceRow(
                "file",
                "/etc/app.conf",
                "nodes/web.yaml:7",
                "file 0600 root:root, 12 bytes",
                "update: mode, content (revert-drift)",
                false),
            new DashboardPages.ResourceRow(
                "unit", "app.service", "fleet.yaml:12", "enabled, active", "in sync", true),
            new DashboardPages.ResourceRow(
                "file", "/etc/cron.d/trueup-old", "-", "", "delete", false));
    ((tools.jackson.databind.node.ObjectNode) planNode).put("status", "unreachable");
    assertThat(DashboardPages.resourceRows(declared, planNode).get(1).state())
        .isEqualTo("not observed");

    String page =
        DashboardPages.node(
            ALICE,
            "web",
            null,
            "plan text",
            rows,
            List.of(),
            JsonMapper.builder().build().createObjectNode(),
            List.of(),
            List.of());
    assertThat(page)
        .contains("<h2>Resources</h2><p>1 of 3 in sync with what was observed now.</p>")
        .contains(
            "<td>unit</td><td><code>app.service</code></td><td>fleet.yaml:12</td>"
                + "<td>enabled, active</td><td class=\"ok\">in sync</td>");
    assertThat(page.indexOf("<h2>Resources</h2>")).isLessThan(page.indexOf("<h2>Plan</h2>"));
  }

  @Test
  void anApprovalShowsItsDiffAndBlastRadiusEscapedAndAViewerGetsNoButtons() {
    var approval =
        new dev.trueup.store.Approval(
            "k7m2qx",
            "key",
            "web-1",
            "/etc/<edge>.conf",
            "abc",
            dev.trueup.model.ChangeClass.MAJOR,
            Optional.of("major → held"),
            dev.trueup.store.Approval.Status.PENDING,
            java.time.Instant.EPOCH,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    ObjectNode held = JsonMapper.builder().build().createObjectNode();
    ObjectNode change = held.putObject("change").put("action", "update").put("rule", "r<1>");
    change.putArray("fields").addObject().put("field", "content").put("desired", "sha256:a");
    change.putArray("contentDiff").add("-a=<b>").add("+a=c");
    ObjectNode blast = held.putObject("blastRadius").put("heldOn", 2);
    blast.putArray("nodes").add("web-1").add("web-2");
    blast.putArray("environments").add("staging").add("production");

    String page =
        DashboardApprovals.page(
            ALICE, List.of(approval), java.util.Map.of("k7m2qx", held), List.of(), null);
    assertThat(page)
        .contains("/etc/&lt;edge&gt;.conf")
        .contains("rule <code>r&lt;1&gt;</code>")
        .contains("<td>content</td><td>(none)</td><td>sha256:a</td>")
        .contains("<span class=\"del\">-a=&lt;b&gt;</span>")
        .contains("<span class=\"add\">+a=c</span>")
        .contains("Blast radius: 2 nodes in staging, production get this same change")
        .contains("held for approval on 2 of them")
        .contains("action=\"/approvals/k7m2qx/approve\"");
    var viewer =
        new DashboardSessions.Session(
            "s",
            DashboardUsers.user("vera", DashboardUsers.Role.VIEWER, "t".repeat(20)),
            "c",
            java.time.Instant.now());
    assertThat(
            DashboardApprovals.page(viewer, List.of(approval), java.util.Map.of(), List.of(), null))
        .contains("approver role needed")
        .contains("no longer stored")
        .doesNotContain("/approve\"");
  }

  @Test
  void activityEscapesWhatItShowsAndKnowsOnlyItsKinds() {
    ObjectNode history = JsonMapper.builder().build().createObjectNode();
    ObjectNode run =
        history
            .putArray("runs")
            .addObject()
            .put("id", 7)
            .put("kind", "apply")
            .put("status", "failed")
            .put("desiredRevision", "3f2c9a1e3f2c9a1e")
            .put("decisionsTotal", 30);
    run.putArray("nodes").add("web");
    run.putArray("decisions")
        .addObject()
        .put("node", "web")
        .put("kind", "file")
        .put("resource", "/etc/<x>")
        .put("class", "major")
        .put("rule", "feat!: <edge>")
        .put("verdict", "hold")
        .put("reason", "major → held");
    ObjectNode told = JsonMapper.builder().build().createObjectNode();
    told.putArray("notifications")
        .addObject()
        .put("level", "critical")
        .put("channel", "ops")
        .put("subject", "<script>alert(1)</script>")
        .put("status", "failed")
        .put("lastError", "535 <auth>");

    var q = new DashboardActivity.Query("<bogus>", "", "");
    assertThat(q.kind()).isEqualTo("all");
    String page = DashboardActivity.page(ALICE, q, history, List.of(), told);
    assertThat(page)
        .contains("30 decisions (the first 1 shown)")
        .contains("file /etc/&lt;x&gt;")
        .contains("feat!: &lt;edge&gt;")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("failed: 535 &lt;auth&gt;")
        .contains("<a href=\"/activity?revision=3f2c9a1e3f2c9a1e\"><code>3f2c9a1e3f2c</code></a>")
        .doesNotContain("<script>alert(1)");
    String onlyApprovals =
        DashboardActivity.page(
            ALICE, new DashboardActivity.Query("approvals", "web", ""), history, List.of(), told);
    assertThat(onlyApprovals)
        .contains("<h2>Approvals decided</h2>")
        .doesNotContain("<h2>Runs</h2>")
        .doesNotContain("<h2>Notifications</h2>")
        .contains("kind=all&amp;node=web");
  }

  @Test
  void uptimeComesFromTheHealthChecksAgainstEachEnvironmentsLevel() {
    DesiredState state = fleet(3);
    var t = java.time.Instant.parse("2026-12-01T10:00:00Z");
    var uptime =
        java.util.Map.of(
            "24 h",
            java.util.Map.of(
                "production", new dev.trueup.store.HealthSamples.Tally(998, 1000),
                "development", new dev.trueup.store.HealthSamples.Tally(994, 1000)));
    var periods = new java.util.LinkedHashMap<String, dev.trueup.store.MonthlyActivity.Activity>();
    periods.put(
        "24 h",
        new dev.trueup.store.MonthlyActivity.Activity(
            java.util.Map.of(), 0, List.of(), 0, 0, 0, java.util.Map.of()));
    String page = DashboardPages.environments(ALICE, state, uptime, periods);
    // Promotion order development, staging, production: the last is held to critical.
    assertThat(page)
        .contains("<h2>Uptime</h2>")
        .contains("<td>production</td><td>critical (99.9 %)</td><td class=\"away\">99.80 %</td>")
        .contains("<td>staging</td><td>high (99.5 %)</td><td>no health checks</td>")
        .contains("<td>development</td><td>medium (95.0 %)</td><td class=\"ok\">99.40 %</td>")
        .contains("no drift checks");

    String node =
        DashboardPages.node(
            ALICE,
            "web",
            null,
            "No changes.",
            List.of(),
            List.of(),
            JsonMapper.builder().build().createObjectNode(),
            List.of(),
            List.of(
                new dev.trueup.store.HealthSamples.Sample(
                    "web", "production", "app", false, Optional.of("exit <3>"), t),
                new dev.trueup.store.HealthSamples.Sample(
                    "web", "production", "app", true, Optional.empty(), t.minusSeconds(60))));
    assertThat(node)
        .contains("<h2>Health checks</h2>")
        .contains("<td class=\"away\">failing: exit &lt;3&gt;</td>")
        .contains("<td class=\"ok\">healthy</td>");
  }
}
