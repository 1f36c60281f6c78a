package dev.trueup.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sticky comment against each forge's REST API, served on loopback by a JDK HttpServer that
 * answers with the shapes the real APIs document (fixtures under forge/): one comment is created,
 * then updated in place; someone else's comment is left alone; 5xx and 429 are retried.
 */
class ForgeTest {
  private HttpServer server;
  private String api;
  private final List<String> requests = new ArrayList<>();
  private final List<ObjectNode> comments = new ArrayList<>();
  private final List<JsonNode> statuses = new ArrayList<>();
  private final List<Duration> waits = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private String fixture;
  private String auth;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    api = "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange x) throws IOException {
    String method = x.getRequestMethod();
    String path = x.getRequestURI().getRawPath();
    requests.add(method + " " + path);
    auth = x.getRequestHeaders().getFirst(authHeader);
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (failuresLeft.getAndDecrement() > 0) {
      x.getResponseHeaders().add("Retry-After", "0");
      send(x, failuresLeft.get() % 2 == 0 ? 503 : 429, "{\"message\":\"try later\"}");
      return;
    }
    if (path.contains("/statuses/")) {
      statuses.add(Review.MAPPER.readTree(body));
      send(x, 201, read("github-status.json"));
      return;
    }
    if (method.equals("GET")) {
      ArrayNode list = Review.MAPPER.createArrayNode();
      String query = x.getRequestURI().getQuery();
      if (query == null || query.contains("page=1")) {
        comments.forEach(list::add);
      }
      send(x, 200, list.toString());
      return;
    }
    String text = Review.MAPPER.readTree(body).get("body").asString();
    if (method.equals("POST")) {
      ObjectNode c = (ObjectNode) Review.MAPPER.readTree(read(fixture));
      c.put("id", 1000 + comments.size());
      c.put("body", text);
      comments.add(c);
      send(x, 201, c.toString());
      return;
    }
    long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    for (ObjectNode c : comments) {
      if (c.get("id").asLong() == id) {
        c.put("body", text);
        send(x, 200, c.toString());
        return;
      }
    }
    send(x, 404, "{\"message\":\"Not Found\"}");
  }

  private String authHeader = "Authorization";

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  private static String read(String name) throws IOException {
    try (InputStream in = ForgeTest.class.getResourceAsStream("/forge/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void someoneElseCommented() throws IOException {
    ObjectNode c = (ObjectNode) Review.MAPPER.readTree(read(fixture));
    c.put("id", 7);
    comments.add(c);
  }

  private void createThenUpdate(BiFunction<String, ForgeHttp.Sleeper, Forge> forge, String update)
      throws IOException {
    someoneElseCommented();
    Forge f = forge.apply(api, waits::add);
    String first = ReviewMarkdown.MARKER + "\nfirst report\n";
    Forge.Outcome created = f.upsertComment(first);
    Forge.Outcome updated = f.upsertComment(ReviewMarkdown.MARKER + "\nsecond report\n");

    assertThat(created.ok()).as("%s", created).isTrue();
    assertThat(created.what()).isEqualTo("created");
    assertThat(updated.ok()).as("%s", updated).isTrue();
    assertThat(updated.what()).isEqualTo("updated");
    assertThat(comments).hasSize(2);
    assertThat(comments.get(0).get("body").asString()).doesNotContain("report");
    assertThat(comments.get(1).get("body").asString()).contains("second report");
    assertThat(requests).filteredOn(r -> r.startsWith(update)).hasSize(1);
  }

  @Test
  void gitHubCreatesTheCommentThenUpdatesItInPlace() throws IOException {
    fixture = "github-comment.json";
    createThenUpdate(
        (a, s) -> new GitHubForge(a, "octo/fleet", 12, "tok-123", Duration.ofMillis(1), s),
        "PATCH /api/repos/octo/fleet/issues/comments/1001");
    assertThat(auth).isEqualTo("Bearer tok-123");
    assertThat(requests).contains("POST /api/repos/octo/fleet/issues/12/comments");
  }

  @Test
  void gitLabCreatesTheNoteThenUpdatesItInPlace() throws IOException {
    fixture = "gitlab-note.json";
    authHeader = "PRIVATE-TOKEN";
    createThenUpdate(
        (a, s) -> new GitLabForge(a, "group/fleet", 5, "tok-456", Duration.ofMillis(1), s),
        "PUT /api/projects/group%2Ffleet/merge_requests/5/notes/1001");
    assertThat(auth).isEqualTo("tok-456");
  }

  @Test
  void giteaCreatesTheCommentThenUpdatesItInPlace() throws IOException {
    fixture = "gitea-comment.json";
    createThenUpdate(
        (a, s) -> new GiteaForge(a, "owner/fleet", 7, "tok-789", Duration.ofMillis(1), s),
        "PATCH /api/repos/owner/fleet/issues/comments/1001");
    assertThat(auth).isEqualTo("token tok-789");
  }

  @Test
  void rateLimitsAndServerErrorsAreRetriedWithBackoff() throws IOException {
    fixture = "github-comment.json";
    failuresLeft.set(2);
    Forge f = new GitHubForge(api, "octo/fleet", 12, "t", Duration.ofMillis(5), waits::add);
    Forge.Outcome status = f.setStatus("abc123", "failure", "1 error", null);
    assertThat(status.ok()).as("%s", status).isTrue();
    assertThat(waits).containsExactly(Duration.ZERO, Duration.ZERO);
    assertThat(statuses)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.get("state").asString()).isEqualTo("failure");
              assertThat(s.get("context").asString()).isEqualTo(Forge.STATUS_CONTEXT);
            });
  }

  @Test
  void aForgeThatKeepsFailingGivesAFailedOutcomeNotAnException() {
    fixture = "github-comment.json";
    failuresLeft.set(100);
    Forge f =
        new GitHubForge(api, "octo/fleet", 12, "secret-token", Duration.ofMillis(1), waits::add);
    Forge.Outcome out = f.upsertComment(ReviewMarkdown.MARKER + "\nx\n");
    assertThat(out.ok()).isFalse();
    assertThat(out.detail()).contains("HTTP").doesNotContain("secret-token");
    assertThat(waits).hasSize(3);
  }

  @Test
  void anUnreachableForgeGivesAFailedOutcome() {
    server.stop(0);
    Forge f = new GiteaForge(api, "o/r", 1, "t", Duration.ofMillis(1), waits::add);
    assertThat(f.upsertComment("x").ok()).isFalse();
    assertThat(f.setStatus("abc", "success", "ok", null).ok()).isFalse();
  }
}
