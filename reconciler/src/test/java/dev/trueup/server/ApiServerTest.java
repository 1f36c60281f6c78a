package dev.trueup.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.history.HistoryJson;
import dev.trueup.history.HistoryQuery;
import dev.trueup.model.ChangeClass;
import dev.trueup.store.Approval;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.testing.MovableClock;
import dev.trueup.testing.fixtures.DriftPlan;
import dev.trueup.testing.fixtures.HistoryFixture;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {
  static final String TOKEN = "api-t0ken-for-tests";
  static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;
  Store store;
  TrueupMetrics metrics = new TrueupMetrics();
  volatile Readiness readiness = Readiness.ready("fine");
  ApiServer api;
  final java.util.List<String> wakes = new java.util.concurrent.CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void open() throws Exception {
    store = Store.openEmbedded(dir.resolve("state"));
    api = new ApiServer(store, metrics, TOKEN, () -> readiness, wakes::add).start(LOOPBACK);
  }

  @AfterEach
  void close() {
    api.close();
    store.close();
    http.close();
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.address().getPort() + path);
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    readiness = Readiness.notReady("the desired state was last fetched 900s ago");
    var r = get("/readyz");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("900s");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void storeAndGitReadiness() {
    var clock = java.time.Clock.systemUTC();
    var fresh =
        Readiness.storeAndGit(
            store, () -> java.util.Optional.of(clock.instant()), Duration.ofMinutes(5), clock);
    var stale =
        Readiness.storeAndGit(
            store,
            () -> java.util.Optional.of(clock.instant().minusSeconds(3600)),
            Duration.ofMinutes(5),
            clock);
    var never =
        Readiness.storeAndGit(store, java.util.Optional::empty, Duration.ofMinutes(5), clock);
    assertThat(fresh.get().ready()).isTrue();
    assertThat(stale.get().ready()).isFalse();
    assertThat(never.get().ready()).isFalse();
  }

  @Test
  void theApiNeedsTheToken() throws Exception {
    assertThat(get("/api/v1/status").statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/runs", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/runs", "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
    var ok = get("/api/v1/status", "Authorization", "Bearer " + TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"ready\":true");
  }

  @Test
  void noTokenConfiguredRefusesTheApiButNotHealth() throws Exception {
    try (ApiServer open = new ApiServer(store, metrics, "", () -> readiness).start(LOOPBACK)) {
      String base = "http://127.0.0.1:" + open.address().getPort();
      var api =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/runs"))
                  .header("Authorization", "Bearer ")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(503);
      var health =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void runsAndPlans() throws Exception {
    Run run = store.runs().start("webhook:github", "abc123");
    store.runs().finish(run.id(), Run.Status.SUCCEEDED, "2 changes");
    String auth = "Bearer " + TOKEN;
    var runs = get("/api/v1/runs", "Authorization", auth);
    assertThat(runs.statusCode()).isEqualTo(200);
    assertThat(runs.body()).contains("\"trigger\":\"webhook:github\"", "\"status\":\"succeeded\"");
    var one = get("/api/v1/runs/" + run.id(), "Authorization", auth);
    assertThat(one.body()).contains("\"desiredRevision\":\"abc123\"", "\"plans\":[]");
    assertThat(get("/api/v1/runs/999", "Authorization", auth).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/plans/999", "Authorization", auth).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/nothing", "Authorization", auth).statusCode()).isEqualTo(404);
  }

  @Test
  void historyAndDriftReportsAnswerWhatTheCliPrints() throws Exception {
    HistoryFixture.fill(store, new MovableClock(java.time.Instant.parse("2026-11-20T10:00:00Z")));
    String auth = "Bearer " + TOKEN;
    assertThat(get("/api/v1/history").statusCode()).isEqualTo(401);
    var all = get("/api/v1/history", "Authorization", auth);
    assertThat(all.statusCode()).isEqualTo(200);
    // Byte for byte what `trueup history -o json` prints.
    assertThat(all.body())
        .isEqualTo(HistoryJson.write(HistoryJson.list(store, HistoryQuery.all())));
    var drift = get("/api/v1/history?kind=drift&node=web&limit=5", "Authorization", auth);
    assertThat(drift.body())
        .isEqualTo(
            HistoryJson.write(
                HistoryJson.list(
                    store,
                    new HistoryQuery(
                        java.util.Optional.of(Run.Kind.DRIFT),
                        java.util.Optional.of("web"),
                        java.util.Optional.empty(),
                        5))));
    assertThat(HistoryJson.MAPPER.readTree(drift.body()).get("runs")).hasSize(1);
    assertThat(get("/api/v1/history?kind=deploy", "Authorization", auth).statusCode())
        .isEqualTo(400);
    assertThat(get("/api/v1/history?since=soon", "Authorization", auth).statusCode())
        .isEqualTo(400);
    assertThat(get("/api/v1/history?limit=x", "Authorization", auth).statusCode()).isEqualTo(400);
    var report = get("/api/v1/drift-reports/2", "Authorization", auth);
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body())
        .isEqualTo(HistoryJson.write(HistoryJson.driftReport(store, 2).orElseThrow()));
    assertThat(report.body()).contains("trueup-drift/1").doesNotContain(DriftPlan.SECRET);
    assertThat(get("/api/v1/drift-reports/99", "Authorization", auth).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/runs", "Authorization", auth).body()).contains("\"kind\":\"drift\"");
  }

  @Test
  void nodesAnswerWhatHistoryNodesPrints() throws Exception {
    store.nodeContacts().seen("web");
    store.nodeContacts().missed("laptop", "connection refused");
    assertThat(get("/api/v1/nodes").statusCode()).isEqualTo(401);
    var nodes = get("/api/v1/nodes", "Authorization", "Bearer " + TOKEN);
    assertThat(nodes.statusCode()).isEqualTo(200);
    // What history nodes prints, and where each stands against the revision serve follows.
    var printed =
        HistoryJson.MAPPER.readTree(HistoryJson.write(dev.trueup.history.NodesJson.of(store)));
    var answered = HistoryJson.MAPPER.readTree(nodes.body());
    for (int i = 0; i < 2; i++) {
      var n = (tools.jackson.databind.node.ObjectNode) answered.path("nodes").get(i).deepCopy();
      assertThat(n.remove(List.of("standing", "heldChanges", "commitsBehind")))
          .isEqualTo(printed.path("nodes").get(i));
    }
    assertThat(nodes.body())
        .contains("\"away\" : true")
        .contains("\"standing\" : \"away\"")
        .contains("\"standing\" : \"never-applied\"")
        .contains("connection refused");
  }

  @Test
  void aSnoozeFromTheApiIsCheckedAsTheCliChecksItAndRecordedWithWhoAndWhy() throws Exception {
    var made =
        post(
            "/api/v1/snoozes",
            "{\"node\": \"web\", \"resource\": \"file:/etc/motd\", \"until\": \"+12h\","
                + " \"reason\": \"hot fix, PR to follow\", \"by\": \"ana\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(store.snoozes().active())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.node()).isEqualTo("web");
              assertThat(s.resource()).contains("file:/etc/motd");
              assertThat(s.by()).isEqualTo("ana");
              assertThat(s.reason()).isEqualTo("hot fix, PR to follow");
            });
    var listed = get("/api/v1/snoozes", "Authorization", "Bearer " + TOKEN);
    assertThat(listed.body()).contains("\"by\":\"ana\"").contains("file:/etc/motd");

    // Every problem at once; nothing recorded.
    var bad =
        post(
            "/api/v1/snoozes",
            "{\"node\": \"web\", \"resource\": \"fil:/x\", \"until\": \"2020-01-01\","
                + " \"by\": \"ana\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body())
        .contains("no resource kind 'fil'")
        .contains("has passed")
        .contains("reason: must say why");
    assertThat(
            post("/api/v1/snoozes", "{\"node\": \"web\", \"until\": \"+1d\", \"reason\": \"x\"}")
                .statusCode())
        .as("who snoozes is required")
        .isEqualTo(400);
    var anonymous =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/snoozes"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(store.snoozes().all()).hasSize(1);
  }

  @Test
  void aSyncAsksTheReconcilerForACycle() throws Exception {
    var anonymous = post("/api/v1/sync", "");
    assertThat(anonymous.statusCode()).isEqualTo(202);
    assertThat(post("/api/v1/sync", "{\"by\":\"carol\"}").body()).contains("sync by carol");
    assertThat(post("/api/v1/sync", "{not json").statusCode()).isEqualTo(400);
    assertThat(wakes).containsExactly("sync through the API", "sync by carol");
    var unauthenticated =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/sync"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(wakes).hasSize(2);
  }

  @Test
  void approveAndReject() throws Exception {
    Approval a =
        store
            .approvals()
            .request(
                new Approval.Request(
                    "aurora/pkg/nginx", "aurora", "pkg/nginx", "rev1", ChangeClass.MAJOR, "major"));
    Approval b =
        store
            .approvals()
            .request(
                new Approval.Request(
                    "aurora/pkg/redis", "aurora", "pkg/redis", "rev1", ChangeClass.MAJOR, "major"));
    var list = get("/api/v1/approvals", "Authorization", "Bearer " + TOKEN);
    assertThat(list.body()).contains(a.id(), b.id());
    // Asked for straight in the store, by no plan: nothing to show of what they hold.
    assertThat(list.body()).contains("\"held\":null");
    assertThat(post("/api/v1/approvals/" + a.id() + "/approve", "{}").statusCode()).isEqualTo(400);
    var approved =
        post("/api/v1/approvals/" + a.id() + "/approve", "{\"by\":\"alice\",\"note\":\"ok\"}");
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(approved.body()).contains("\"status\":\"approved\"", "\"decidedBy\":\"alice\"");
    assertThat(wakes)
        .as("an approval asks the reconciler to apply it")
        .containsExactly("approval " + a.id() + " by alice");
    assertThat(post("/api/v1/approvals/" + a.id() + "/reject", "{\"by\":\"bob\"}").statusCode())
        .isEqualTo(409);
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ApiServer.class);
    var logged =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    logged.start();
    logger.addAppender(logged);
    try {
      assertThat(post("/api/v1/approvals/" + b.id() + "/reject", "{\"by\":\"bob\"}").statusCode())
          .isEqualTo(200);
    } finally {
      logger.detachAppender(logged);
    }
    assertThat(logged.list)
        .extracting(e -> e.getFormattedMessage())
        .contains("approval " + b.id() + " rejected by bob through the API");
    assertThat(post("/api/v1/approvals/zzzzzz/approve", "{\"by\":\"bob\"}").statusCode())
        .isEqualTo(404);
    assertThat(store.approvals().pending()).isEmpty();
  }

  @Test
  void metricsExposeTheMetersWithoutNodeNamesOrSecrets() throws Exception {
    store
        .approvals()
        .request(
            new Approval.Request(
                "aurora/pkg/nginx", "aurora", "pkg/nginx", "rev1", ChangeClass.MAJOR, "major"));
    metrics.runFinished("succeeded", Duration.ofSeconds(3));
    metrics.change("minor", "auto");
    metrics.nodesReachable("production", 3);
    metrics.gitFetchFailed();
    metrics.webhook("github", WebhookResult.ACCEPTED);
    var r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    String text = r.body();
    assertThat(text)
        .contains(
            "trueup_runs_total{status=\"succeeded\"} 1.0",
            "trueup_run_duration_seconds_count 1",
            "trueup_changes_total{class=\"minor\",verdict=\"auto\"} 1.0",
            "trueup_approvals_pending 1.0",
            "trueup_node_reachable{environment=\"production\"} 3.0",
            "trueup_git_fetch_failures_total 1.0",
            "trueup_git_staleness_seconds",
            "trueup_webhook_requests_total{forge=\"github\",result=\"accepted\"} 1.0");
    Matcher labels = Pattern.compile("\\{([^}]*)}").matcher(text);
    while (labels.find()) {
      assertThat(labels.group(1))
          .doesNotContain("aurora")
          .doesNotContain(TOKEN)
          .doesNotContain("node=");
    }
  }

  @Test
  void healthStaysResponsiveUnderWebhookLoad() throws Exception {
    try (WebhookReceiver hooks =
        new WebhookReceiver(WebhookConfig.of(Map.of(Forge.GITHUB, "s3cret")), t -> {}, metrics)
            .start(LOOPBACK)) {
      // 200 webhook requests in flight: headers sent (with a signature that looks right, so the
      // body must be read to refuse it), bodies trickling and never finished.
      List<Socket> inFlight = new ArrayList<>();
      try {
        for (int i = 0; i < 200; i++) {
          Socket s = new Socket("127.0.0.1", hooks.address().getPort());
          OutputStream out = s.getOutputStream();
          out.write(
              ("POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n"
                      + "X-Hub-Signature-256: sha256="
                      + "0".repeat(64)
                      + "\r\nContent-Type: application/json\r\n\r\n{\"ref\":")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          inFlight.add(s);
        }
        // Answered at all while every body is held open: the API's listener and threads are its
        // own (the client's timeout is the failure). How fast is measured, not asserted:
        // bench/serve-webhook-burst.sh times /healthz every 100 ms during a burst.
        for (int i = 0; i < 20; i++) {
          assertThat(get("/healthz").statusCode()).isEqualTo(200);
        }
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
      } finally {
        for (Socket s : inFlight) {
          s.close();
        }
      }
    }
  }
}
