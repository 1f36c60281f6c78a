package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.serve.Running;
import dev.trueup.testing.Await;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over HTTP on a running serve: every page and state change refused without a
 * session, a forged cross-site post refused, roles kept, and an approval made on the page recorded
 * with the logged-in user and applied.
 */
class DashboardTest {
  private static final String ALICE = "alice-approver-token-0123456789";
  private static final String VERA = "vera-viewer-token-0123456789ab";

  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;
  @TempDir Path etc;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private String base;

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String cookie, String origin, String form)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String login(String token) throws Exception {
    HttpResponse<String> r =
        post("/login", null, null, "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(303);
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
    return cookie.substring(0, cookie.indexOf(';'));
  }

  private static String csrf(String page) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).as(page).isTrue();
    return m.group(1);
  }

  @Test
  void pagesNeedASessionFormsTheirTokenAndApprovingTheApproverRole() throws Exception {
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"), "fleet: dash\nenvironments: [development, production]\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        """
        node: box
        environment: production
        connection: {driver: local, root: %s}
        files:
          /etc/box.conf: {content: "hello\\n", mode: "0644"}
        """
            .formatted(sandbox));
    Path users = etc.resolve("users");
    Files.writeString(
        users, "# dashboard users\nalice approver " + ALICE + "\nvera viewer " + VERA + "\n");
    try (Running running =
        QuietServe.start(repo, storeDir, "--dashboard-users", users.toString())) {
      base = "http://127.0.0.1:" + running.api().address().getPort();

      // Without a session: pages send the browser to log in, state changes are refused.
      for (String page :
          new String[] {"/", "/fleet", "/approvals", "/activity", "/nodes/box", "/environments"}) {
        HttpResponse<String> r = get(page, null);
        assertThat(r.statusCode()).as(page).isEqualTo(303);
      }
      assertThat(get("/fleet", null).headers().firstValue("Location")).contains("/login");
      assertThat(post("/approvals/abc123/approve", null, null, "csrf=x").statusCode())
          .isEqualTo(401);
      assertThat(post("/logout", null, null, "").statusCode()).isEqualTo(401);
      assertThat(post("/login", null, null, "token=wrong").statusCode()).isEqualTo(401);

      assertThat(get("/events", null).statusCode()).isEqualTo(401);
      String vera = login(VERA);
      // An open page hears when a run ended: serve's event stream says so.
      var stream =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/events")).header("Cookie", vera).build(),
              HttpResponse.BodyHandlers.ofLines());
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type"))
          .contains("text/event-stream; charset=utf-8");
      var lines = stream.body().iterator();
      assertThat(lines.next()).isEqualTo(": trueup");
      HttpResponse<String> sync =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/sync"))
                  .header("Authorization", "Bearer " + System.getenv("PATH"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"test\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(sync.statusCode()).isEqualTo(202);
      String heard = "";
      while (lines.hasNext() && !heard.startsWith("event: run")) {
        heard = lines.next();
      }
      assertThat(heard).isEqualTo("event: run");
      assertThat(lines.next()).startsWith("data: {\"run\":");
      stream.body().close();
      HttpResponse<String> fleet = get("/fleet", vera);
      assertThat(fleet.statusCode()).isEqualTo(200);
      assertThat(fleet.headers().firstValue("Content-Security-Policy").orElseThrow())
          .startsWith("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-")
          .endsWith("'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'");
      assertThat(fleet.body())
          .contains(">box</a></td>")
          .contains("1 change(s) waiting for approval");
      HttpResponse<String> node = get("/nodes/box", vera);
      assertThat(node.statusCode()).isEqualTo(200);
      assertThat(node.body())
          .contains("<h1>box</h1>")
          .contains("+ file /etc/box.conf")
          .contains("reachable")
          .contains("<h2>Resources</h2>")
          .containsPattern(
              "<td><code>/etc/box.conf</code></td><td>[^<]+:\\d+</td><td>missing</td>"
                  + "<td class=\"held\">create");
      assertThat(get("/nodes/ghost", vera).statusCode()).isEqualTo(404);
      assertThat(get("/environments", vera).body())
          .contains("<td>production</td><td>critical (99.9 %)</td>")
          .contains("<td>development</td><td>high (99.5 %)</td>")
          .contains("no drift checks");
      assertThat(get("/activity", vera).body())
          .contains("startup")
          .contains("apply")
          .contains("<h2>Notifications</h2>")
          // The startup run's decision: the new file is held, and the page says by what rule.
          .containsPattern("[0-9]+ decisions?</summary>")
          .contains("file /etc/box.conf");
      assertThat(get("/activity?kind=drift&node=box", vera).body())
          .doesNotContain("<h2>Approvals decided</h2>")
          .contains("value=\"box\"");
      String approvals = get("/approvals", vera).body();
      assertThat(approvals).contains("/etc/box.conf").contains("approver role needed");
      // What is held, as the plan that held it showed it: its diff and how far it reaches.
      assertThat(approvals)
          .contains("<span class=\"add\">+hello</span>")
          .contains("<td>mode</td><td>(none)</td><td>0644</td>")
          .containsPattern(
              "Blast radius: 1 node in [a-z]+ get this same change: <a href=\"/nodes/box\">");
      String id = running.api() == null ? "" : firstId(approvals);
      assertThat(
              post("/approvals/" + id + "/approve", vera, null, "csrf=" + csrf(approvals))
                  .statusCode())
          .as("a viewer may not decide")
          .isEqualTo(403);

      String alice = login(ALICE);
      String page = get("/approvals", alice).body();
      String token = csrf(page);
      assertThat(post("/approvals/" + id + "/approve", alice, null, "note=x").statusCode())
          .as("no form token")
          .isEqualTo(403);
      assertThat(
              post("/approvals/" + id + "/approve", alice, "http://evil.example", "csrf=" + token)
                  .statusCode())
          .as("a forged cross-site post")
          .isEqualTo(403);
      assertThat(
              post(
                      "/approvals/" + id + "/approve",
                      alice,
                      base,
                      "csrf=" + token + "&note=looks+good")
                  .statusCode())
          .isEqualTo(303);
      Await.until(
          () -> Files.exists(sandbox.resolve("etc/box.conf")), "the approved change applied");
      assertThat(Files.readString(sandbox.resolve("etc/box.conf"))).isEqualTo("hello\n");
      assertThat(get("/approvals", alice).body())
          .contains("No changes are waiting")
          .contains("<h2>Decided</h2>")
          .contains("<td>approved</td><td>alice</td>")
          .contains("<td>looks good</td>");
      assertThat(get("/activity?kind=approvals", alice).body())
          .contains("<h2>Approvals decided</h2>")
          .contains("<td>approved</td><td>alice</td><td>looks good</td>");
      for (String p : new String[] {get("/fleet", alice).body(), page, approvals}) {
        assertThat(p)
            .doesNotContain(ALICE)
            .doesNotContain(VERA)
            .doesNotContain(System.getenv("PATH"));
      }
    }
  }

  private static String firstId(String page) {
    Matcher m = Pattern.compile("<code>([A-Za-z0-9]+)</code>").matcher(page);
    assertThat(m.find()).as(page).isTrue();
    return m.group(1);
  }
}
