package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.serve.Running;
import dev.trueup.testing.Await;
import dev.trueup.testing.Commits;
import dev.trueup.testing.GitHubHooks;
import dev.trueup.testing.Lab;
import dev.trueup.testing.Lab.LabNode;
import dev.trueup.testing.RealPart;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trueup serve} following a bare Git repository, with a fleet-lab node (real sshd, sudo) in
 * production: a {@code fix:} commit pushed and announced by a signed GitHub webhook lands on the
 * node — classified as a bug fix from its commit message, read from the serve's mirror — while the
 * same delivery replayed, a second delivery of the same commit, a bad signature and a 50 MB body
 * start no run.
 */
class ServeGitWebhookLabTest {
  private static final String SECRET = "lab-hook-secret";
  private static final String FILE = "/etc/trueup-serve-e2e/app.conf";

  @TempDir Path dir;
  private LabNode node;
  private Git work;

  @AfterEach
  void clean() {
    if (node != null) {
      Lab.rootShell(node, "rm -rf /etc/trueup-serve-e2e\n");
    }
    if (work != null) {
      work.close();
    }
  }

  @Test
  void aPushAnnouncedByASignedWebhookChangesTheLabNode() throws Exception {
    List<LabNode> lab = Lab.nodes().orElse(List.of());
    RealPart.LAB_SSH.require(lab.size() >= 3);
    node = lab.get(2);
    Lab.rootShell(node, "rm -rf /etc/trueup-serve-e2e\n");

    Path bare = dir.resolve("fleet.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    Path repo = dir.resolve("work");
    work = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    writeFleet(repo, "port=8000");
    push(bare, "fix: first configuration of the app");

    ServeCommand serve =
        (ServeCommand)
            Main.commandLine()
                .parseArgs(
                    "serve",
                    "--git-url",
                    bare.toString(),
                    "--git-work-dir",
                    dir.resolve("serve-git").toString(),
                    "--store",
                    dir.resolve("store").toString(),
                    "--poll",
                    "1h",
                    "--listen",
                    "127.0.0.1:0",
                    "--webhook-listen",
                    "127.0.0.1:0",
                    "--webhook-secret-env",
                    "github=HOOK")
                .subcommand()
                .commandSpec()
                .userObject();
    serve.env = Map.of("HOOK", SECRET);
    try (Running running = serve.start(new PrintWriter(new StringWriter()))) {
      Await.until(() -> running.loop().applies() >= 1, "the startup run");
      assertThat(read()).isEqualTo("port=8000\n");

      writeFleet(repo, "port=9000");
      String fix = push(bare, "fix: the app listens on 9000");
      String delivery = UUID.randomUUID().toString();
      int port = running.receiver().address().getPort();
      assertThat(post(port, delivery, fix, SECRET, null)).isEqualTo(202);
      Await.until(() -> read().equals("port=9000\n"), "the pushed fix on the lab node");
      Await.until(() -> running.loop().applies() == 2 && !running.loop().busy(), "the second run");
      assertThat(running.loop().lastRun().orElseThrow().nodes())
          .singleElement()
          .satisfies(n -> assertThat(n.outcome().name()).isEqualTo("APPLIED"));
      long cycles = running.loop().cycles();

      // The same delivery again, and another delivery of the same commit: both answered 200 as
      // already seen, no cycle.
      assertThat(post(port, delivery, fix, SECRET, null)).isEqualTo(200);
      assertThat(post(port, UUID.randomUUID().toString(), fix, SECRET, null)).isEqualTo(200);
      // A forged signature and an oversized body are refused before any work.
      assertThat(post(port, UUID.randomUUID().toString(), fix, "not-the-secret", null))
          .isEqualTo(401);
      int big = post(port, UUID.randomUUID().toString(), fix, SECRET, 50 << 20);
      assertThat(big).as("413, or the connection closed mid-body").isIn(413, -1);
      // Either way the receiver counted it as too large (not accepted, not a bad signature).
      String metrics =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              "http://127.0.0.1:" + running.api().address().getPort() + "/metrics"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .containsPattern(
              "trueup_webhook_requests_total\\{forge=\"github\",result=\"too_large\"\\} 1\\.0");
      // The refusals were answered, so any wake they made is already queued: once the loop is
      // idle, its cycle count is final.
      assertThat(running.loop().awaitIdle(java.time.Duration.ofSeconds(30))).isTrue();
      assertThat(running.loop().cycles())
          .as("no cycle for replays or refused bodies")
          .isEqualTo(cycles);
      assertThat(running.loop().applies()).isEqualTo(2);
      assertThat(read()).isEqualTo("port=9000\n");
    }
  }

  private String read() {
    return Lab.rootShell(node, "cat " + FILE + " 2>/dev/null || printf '<missing>'\n");
  }

  private void writeFleet(Path repo, String conf) throws Exception {
    Files.createDirectories(repo.resolve("nodes"));
    Path identity = node.identityFile();
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: serve-e2e
        environments: [staging, production]
        secretProviders:
          files: {type: files, directory: %s}
        secrets:
          ssh/lab-key: {provider: files, key: %s}
        """
            .formatted(identity.getParent(), identity.getFileName()));
    Files.writeString(
        repo.resolve("nodes/lab.yaml"),
        """
        node: lab
        environment: production
        connection: {driver: ssh, host: %s, port: %d, user: %s, sudo: true, hostKeys: ["%s"], identity: {secret: ssh/lab-key}}
        directories:
          /etc/trueup-serve-e2e: {mode: "0755"}
        files:
          %s: {content: "%s\\n", mode: "0644"}
        """
            .formatted(node.host(), node.port(), node.user(), node.hostKey(), FILE, conf));
  }

  private String push(Path bare, String message) throws Exception {
    String id = Commits.all(work, message);
    work.push()
        .setRemote(bare.toUri().toString())
        .setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"))
        .call();
    return id;
  }

  private static int post(int port, String delivery, String commit, String key, Integer size)
      throws Exception {
    byte[] body =
        size == null
            ? GitHubHooks.push(commit).getBytes(StandardCharsets.UTF_8)
            : new byte[size]; // zeros: never JSON
    try {
      return GitHubHooks.post(port, "push", delivery, body, key);
    } catch (java.io.IOException e) {
      // The server may close the connection while a refused body is still being sent.
      return -1;
    }
  }
}
