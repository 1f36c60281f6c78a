package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.serve.Running;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code trueup serve} on a directory, both listeners on loopback ephemeral ports. */
class ServeCommandTest {
  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;

  private static ServeCommand parse(String... args) {
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
    return (ServeCommand) parsed.subcommand().commandSpec().userObject();
  }

  private void fleet() throws Exception {
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: dev
        environments: [development]
        defaults:
          files:
            /etc/motd: {content: "hello\\n", mode: "0644"}
        """);
    Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply}\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n"
            .formatted(sandbox));
  }

  @Test
  void servesHealthAndAppliesTheDirectoryAtStartup() throws Exception {
    fleet();
    ServeCommand serve =
        parse(
            "serve",
            "--repo",
            repo.toString(),
            "--store",
            storeDir.toString(),
            "--poll",
            "1h",
            "--listen",
            "127.0.0.1:0",
            "--webhook-listen",
            "127.0.0.1:0");
    StringWriter out = new StringWriter();
    try (Running running = serve.start(new PrintWriter(out))) {
      assertThat(out.toString()).contains("trueup serve: api on 127.0.0.1:");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (running.loop().cycles() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(running.loop().lastRun())
          .hasValueSatisfying(r -> assertThat(r.failed()).isFalse());
      assertThat(Files.readString(sandbox.resolve("etc/motd"))).isEqualTo("hello\n");
      HttpClient http = HttpClient.newHttpClient();
      int port = running.api().address().getPort();
      HttpResponse<String> ready =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("trueup_runs_total");
      int hookPort = running.receiver().address().getPort();
      HttpResponse<String> unsigned =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + hookPort + "/webhooks/github"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(unsigned.statusCode()).as("no secret configured: fail closed").isEqualTo(503);
    }
  }

  @Test
  void aSignedPushWebhookRunsACycle() throws Exception {
    fleet();
    ServeCommand serve =
        parse(
            "serve",
            "--repo",
            repo.toString(),
            "--store",
            storeDir.toString(),
            "--poll",
            "1h",
            "--listen",
            "127.0.0.1:0",
            "--webhook-listen",
            "127.0.0.1:0",
            "--webhook-secret-env",
            "generic=HOOK_SECRET");
    serve.env = Map.of("HOOK_SECRET", "s3cret");
    try (Running running = serve.start(new PrintWriter(new StringWriter()))) {
      awaitCycles(running, 1);
      String body =
          "{\"repository\":\"acme/fleet\",\"ref\":\"refs/heads/main\",\"commit\":\""
              + "b".repeat(40)
              + "\"}";
      String ts = Long.toString(Instant.now().getEpochSecond());
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String sig =
          HexFormat.of().formatHex(mac.doFinal((ts + "." + body).getBytes(StandardCharsets.UTF_8)));
      int hookPort = running.receiver().address().getPort();
      HttpResponse<String> pushed =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + hookPort + "/webhooks/generic"))
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .header("Content-Type", "application/json")
                      .header("X-Trueup-Event", "push")
                      .header("X-Trueup-Timestamp", ts)
                      .header("X-Trueup-Signature", "sha256=" + sig)
                      .header("X-Trueup-Delivery", "d-1")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
      awaitCycles(running, 2);
      assertThat(running.loop().applies()).isEqualTo(2);
    }
  }

  private static void awaitCycles(Running running, long n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (running.loop().cycles() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(running.loop().cycles()).isGreaterThanOrEqualTo(n);
  }

  @Test
  void refusesAnEmptySecretVariable() {
    CliRunner.Run run =
        CliRunner.run(
            "serve",
            "--repo",
            repo.toString(),
            "--store",
            storeDir.toString(),
            "--listen",
            "127.0.0.1:0",
            "--webhook-listen",
            "127.0.0.1:0",
            "--webhook-secret-env",
            "github=TRUEUP_TEST_SURELY_UNSET_VARIABLE");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("TRUEUP_TEST_SURELY_UNSET_VARIABLE");
  }

  @Test
  void followsALocalGitRepository(@TempDir Path workDir) throws Exception {
    fleet();
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("feat: motd")
          .setAuthor("dev", "dev@example.org")
          .setCommitter("dev", "dev@example.org")
          .setSign(false)
          .call();
    }
    ServeCommand serve =
        parse(
            "serve",
            "--git-url",
            repo.toString(),
            "--git-ref",
            "refs/heads/main",
            "--git-work-dir",
            workDir.toString(),
            "--store",
            storeDir.toString(),
            "--poll",
            "1h",
            "--listen",
            "127.0.0.1:0",
            "--webhook-listen",
            "127.0.0.1:0");
    try (Running running = serve.start(new PrintWriter(new StringWriter()))) {
      awaitCycles(running, 1);
      assertThat(running.loop().lastSync()).isPresent();
      assertThat(running.loop().lastRun())
          .hasValueSatisfying(r -> assertThat(r.failed()).as("%s", r).isFalse());
      assertThat(Files.readString(sandbox.resolve("etc/motd"))).isEqualTo("hello\n");
      assertThat(workDir.resolve("tree/fleet.yaml")).exists();
    }
  }

  @Test
  void refusesAShortRef() {
    CliRunner.Run run =
        CliRunner.run(
            "serve",
            "--git-url",
            repo.toString(),
            "--git-ref",
            "main",
            "--store",
            storeDir.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("refs/heads/main");
  }

  @Test
  void refusesBothSourcesAtOnce() {
    CliRunner.Run run =
        CliRunner.run("serve", "--repo", repo.toString(), "--git-url", "/srv/git/fleet.git");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("mutually exclusive");
  }
}
