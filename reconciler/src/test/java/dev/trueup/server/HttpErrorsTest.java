package dev.trueup.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.store.Store;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every error either listener answers, on any path and with any method, is JSON of one shape:
 * {@code {"error": "...", "status": N}} with the response's status, and {@code application/json}.
 */
class HttpErrorsTest {
  static final String TOKEN = "api-t0ken-for-tests";
  static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  @TempDir Path dir;
  Store store;
  ApiServer api;
  WebhookReceiver hooks;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void open() throws Exception {
    store = Store.openEmbedded(dir.resolve("state"));
    TrueupMetrics metrics = new TrueupMetrics();
    api =
        new ApiServer(store, metrics, TOKEN, () -> Readiness.notReady("not yet"), r -> {})
            .start(LOOPBACK);
    hooks =
        new WebhookReceiver(
                WebhookConfig.of(Map.of(Forge.GITHUB, "s3cret")).withMaxBodyBytes(1024),
                t -> {},
                metrics)
            .start(LOOPBACK);
  }

  @AfterEach
  void close() {
    hooks.close();
    api.close();
    store.close();
    http.close();
  }

  HttpResponse<String> call(int port, String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Checks one answer; returns a description of what is wrong, or null. */
  static String wrong(String what, HttpResponse<String> res) {
    int status = res.statusCode();
    if (status < 400) {
      return null;
    }
    String type = res.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/json")) {
      return what + ": " + status + " as " + type + ": " + res.body();
    }
    if (res.request().method().equals("HEAD")) {
      return null; // headers only
    }
    JsonNode body;
    try {
      body = Http.JSON.readTree(res.body());
    } catch (RuntimeException e) {
      return what + ": " + status + " body is not JSON: " + res.body();
    }
    if (!body.path("error").isString() || body.path("error").asString().isBlank()) {
      return what + ": no \"error\" in " + res.body();
    }
    if (body.path("status").asInt(-1) != status) {
      return what + ": \"status\" is not " + status + " in " + res.body();
    }
    return null;
  }

  @Test
  void everyPathAndMethodOfBothListenersErrsInJson() throws Exception {
    List<String> apiPaths =
        List.of(
            "/",
            "/nope",
            "/favicon.ico",
            "/healthz",
            "/healthz/x",
            "/readyz",
            "/metrics",
            "/metricsx",
            "/api",
            "/api/v1",
            "/api/v1/",
            "/api/v1/status",
            "/api/v1/runs",
            "/api/v1/runs/1",
            "/api/v1/runs/x",
            "/api/v1/plans/1",
            "/api/v1/drift-reports/1",
            "/api/v1/history?kind=nope",
            "/api/v1/approvals",
            "/api/v1/approvals/abc/approve",
            "/api/v1/sync",
            "/webhooks/github");
    List<String> hookPaths =
        List.of(
            "/",
            "/nope",
            "/healthz",
            "/webhooks",
            "/webhooks/",
            "/webhooks/github",
            "/webhooks/gitlab",
            "/webhooks/nope",
            "/webhooks/github/x");
    List<String> problems = new ArrayList<>();
    int errors = 0;
    for (String method : METHODS) {
      for (String path : apiPaths) {
        for (boolean auth : List.of(false, true)) {
          String[] headers =
              auth ? new String[] {"Authorization", "Bearer " + TOKEN} : new String[0];
          var res = call(api.address().getPort(), method, path, null, headers);
          errors += res.statusCode() >= 400 ? 1 : 0;
          String w = wrong("api " + method + " " + path + (auth ? " (token)" : ""), res);
          if (w != null) {
            problems.add(w);
          }
        }
      }
      for (String path : hookPaths) {
        var res = call(hooks.address().getPort(), method, path, null);
        errors += res.statusCode() >= 400 ? 1 : 0;
        String w = wrong("webhooks " + method + " " + path, res);
        if (w != null) {
          problems.add(w);
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(errors).isGreaterThan(200);
  }

  @Test
  void aWrongMethodIs405NamingTheRightOnes() throws Exception {
    var health = call(api.address().getPort(), "POST", "/healthz", "x");
    assertThat(health.statusCode()).isEqualTo(405);
    assertThat(health.headers().firstValue("Allow")).hasValue("GET, HEAD");
    var sync =
        call(
            api.address().getPort(),
            "GET",
            "/api/v1/sync",
            null,
            "Authorization",
            "Bearer " + TOKEN);
    assertThat(sync.statusCode()).isEqualTo(405);
    assertThat(sync.headers().firstValue("Allow")).hasValue("POST");
    var hook = call(hooks.address().getPort(), "GET", "/webhooks/github", null);
    assertThat(hook.statusCode()).isEqualTo(405);
    assertThat(hook.headers().firstValue("Allow")).hasValue("POST");
    assertThat(hook.body()).contains("\"result\":\"method_not_allowed\"");
  }

  @Test
  void oversizedBodiesAndBadJsonErrInJson() throws Exception {
    String auth = "Bearer " + TOKEN;
    int apiPort = api.address().getPort();
    List<HttpResponse<String>> answers =
        List.of(
            call(apiPort, "POST", "/api/v1/sync", "x".repeat(70_000), "Authorization", auth),
            call(apiPort, "POST", "/api/v1/sync", "{not json", "Authorization", auth),
            call(apiPort, "POST", "/api/v1/approvals/abc/approve", "[1", "Authorization", auth),
            call(apiPort, "POST", "/api/v1/approvals/abc/approve", "{}", "Authorization", auth),
            call(
                hooks.address().getPort(),
                "POST",
                "/webhooks/github",
                "x".repeat(2048),
                "X-Hub-Signature-256",
                "sha256=" + "0".repeat(64)),
            call(
                hooks.address().getPort(),
                "POST",
                "/webhooks/github",
                "{not json",
                "Content-Type",
                "application/json",
                "X-GitHub-Event",
                "push",
                "X-Hub-Signature-256",
                "sha256=" + Signatures.hmacHex("s3cret".getBytes(), "{not json".getBytes())));
    assertThat(answers)
        .extracting(HttpResponse::statusCode)
        .containsExactly(413, 400, 400, 400, 413, 400);
    assertThat(answers).allSatisfy(res -> assertThat(wrong("", res)).isNull());
  }

  @Test
  void aRequestWhoseHandlerThrowsAnErrorIsAnswered500AndTheListenerGoesOn() throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    try (Http.Listener l =
        Http.Listener.bind(
            LOOPBACK,
            "test-",
            ex -> {
              if (calls.incrementAndGet() == 1) {
                throw new StackOverflowError();
              }
              Http.json(ex, 200, Http.object().put("ok", true));
            })) {
      l.server().start();
      URI uri = URI.create("http://127.0.0.1:" + l.address().getPort() + "/x");
      HttpRequest get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> first = http.send(get, HttpResponse.BodyHandlers.ofString());
      assertThat(first.statusCode()).isEqualTo(500);
      assertThat(first.body()).contains("\"error\":\"internal error\"", "\"status\":500");
      assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }
}
