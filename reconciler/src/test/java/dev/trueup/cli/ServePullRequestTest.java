package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trueup.serve.Running;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.testing.Await;
import dev.trueup.testing.Commits;
import dev.trueup.testing.GitHubHooks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull-request webhook to {@code trueup serve}: the drift report is fetched through the forge's
 * pull ref, archived, and posted to a GitHub-shaped API served on loopback (sticky comment, then
 * the head commit's status); the pull request's change is never applied.
 */
class ServePullRequestTest {
  private static final String SECRET = "pr-hook-secret";

  @TempDir Path dir;
  private HttpServer forge;
  private final List<String> requests = new ArrayList<>();
  private final List<String> bodies = new ArrayList<>();
  private Git git;

  @BeforeEach
  void forge() throws IOException {
    forge = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    forge.createContext("/", this::handle);
    forge.start();
  }

  @AfterEach
  void stop() {
    forge.stop(0);
    if (git != null) {
      git.close();
    }
  }

  private synchronized void handle(HttpExchange x) throws IOException {
    requests.add(x.getRequestMethod() + " " + x.getRequestURI().getRawPath());
    bodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String answer;
    int status;
    if (x.getRequestMethod().equals("GET")) {
      status = 200;
      answer = "[]";
    } else if (x.getRequestURI().getRawPath().contains("/statuses/")) {
      status = 201;
      answer = "{\"id\":1,\"state\":\"success\",\"context\":\"trueup/drift-report\"}";
    } else {
      status = 201;
      answer = "{\"id\":1001,\"body\":\"\",\"user\":{\"login\":\"trueup\"}}";
    }
    byte[] out = answer.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, out.length);
    x.getResponseBody().write(out);
    x.close();
  }

  @Test
  void aPullRequestWebhookIsReportedArchivedAndPostedButNeverApplied() throws Exception {
    Path repo = dir.resolve("origin");
    Path sandbox = dir.resolve("sandbox");
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: pr
        environments: [development]
        defaults:
          files:
            /etc/app.conf: {content: "port=8000\\n", mode: "0644"}
        """);
    Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply, bugfix: apply}\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n"
            .formatted(sandbox));
    git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    commit("feat: the fleet");
    git.checkout().setCreateBranch(true).setName("feature").call();
    Files.writeString(
        repo.resolve("fleet.yaml"),
        Files.readString(repo.resolve("fleet.yaml")).replace("port=8000", "port=9000"));
    String head = commit("fix: listen on 9000");
    // GitHub keeps every pull request's head at refs/pull/N/head.
    RefUpdate pull = git.getRepository().updateRef("refs/pull/7/head");
    pull.setNewObjectId(git.getRepository().resolve(head));
    pull.update();
    git.checkout().setName("main").call();

    Path reports = dir.resolve("drift-reports");
    ServeCommand serve =
        (ServeCommand)
            Main.commandLine()
                .parseArgs(
                    "serve",
                    "--git-url",
                    repo.toString(),
                    "--git-work-dir",
                    dir.resolve("git").toString(),
                    "--store",
                    dir.resolve("store").toString(),
                    "--poll",
                    "1h",
                    "--listen",
                    "127.0.0.1:0",
                    "--webhook-listen",
                    "127.0.0.1:0",
                    "--webhook-secret-env",
                    "github=HOOK",
                    "--report-out",
                    reports.toString(),
                    "--forge-api",
                    "http://127.0.0.1:" + forge.getAddress().getPort(),
                    "--forge-token-env",
                    "FORGE_TOKEN")
                .subcommand()
                .commandSpec()
                .userObject();
    serve.env = Map.of("HOOK", SECRET, "FORGE_TOKEN", "forge-token-value");
    try (Running running = serve.start(new PrintWriter(new StringWriter()))) {
      Await.until(() -> running.loop().applies() >= 1 && !running.loop().busy(), "the startup run");
      assertThat(Files.readString(sandbox.resolve("etc/app.conf"))).isEqualTo("port=8000\n");

      String body =
          """
          {"action":"opened","number":7,
           "pull_request":{"number":7,"head":{"ref":"feature","sha":"%s"},"base":{"ref":"main"}},
           "repository":{"full_name":"acme/fleet"}}
          """
              .formatted(head);
      assertThat(post(running.receiver().address().getPort(), body)).isEqualTo(202);

      Await.until(() -> statusPosted(head), "the commit status for the head");
      synchronized (this) {
        assertThat(requests)
            .anySatisfy(r -> assertThat(r).isEqualTo("POST /repos/acme/fleet/issues/7/comments"))
            .anySatisfy(r -> assertThat(r).isEqualTo("POST /repos/acme/fleet/statuses/" + head));
        assertThat(String.join("\n", bodies))
            .contains("port=9000")
            .doesNotContain("forge-token-value");
      }
      try (Stream<Path> files = Files.list(reports)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .contains("index.md")
            .anySatisfy(n -> assertThat(n).endsWith("-" + head.substring(0, 7) + ".md"));
      }
      assertThat(running.loop().applies()).as("a pull request never applies").isEqualTo(1);
      assertThat(Files.readString(sandbox.resolve("etc/app.conf"))).isEqualTo("port=8000\n");
    }
    try (Store store = Store.openEmbedded(dir.resolve("store"))) {
      assertThat(store.runs().recent(10))
          .anySatisfy(
              r -> {
                assertThat(r.kind()).isEqualTo(Run.Kind.REPORT);
                assertThat(r.status()).isEqualTo(Run.Status.SUCCEEDED);
                assertThat(r.desiredRevision()).contains(head);
                assertThat(r.summary().orElseThrow()).contains("pull request 7");
              });
    }
  }

  private synchronized boolean statusPosted(String head) {
    return requests.contains("POST /repos/acme/fleet/statuses/" + head);
  }

  private String commit(String message) throws Exception {
    return Commits.all(git, message);
  }

  private static int post(int port, String body) throws Exception {
    return GitHubHooks.post(
        port,
        "pull_request",
        UUID.randomUUID().toString(),
        body.getBytes(StandardCharsets.UTF_8),
        SECRET);
  }
}
