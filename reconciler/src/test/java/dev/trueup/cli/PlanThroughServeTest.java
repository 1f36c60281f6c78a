package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.serve.Running;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code trueup plan --server}: the plan of a running serve's revision over its kept connections,
 * printed and exiting as the local plan does.
 */
class PlanThroughServeTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;
  @TempDir Path plans;

  /** A plan JSON as {@code trueup show} reads it, for comparing renderings. */
  private Path saved(String planJson) throws Exception {
    Path p = Files.createTempFile(plans, "remote-plan", ".json");
    Files.writeString(p, planJson);
    return p;
  }

  @Test
  void aPlanThroughServeSaysWhatTheLocalPlanSaysAndExitsTheSame() throws Exception {
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
    try (Running running = QuietServe.start(repo, storeDir)) {
      String url = "http://127.0.0.1:" + running.api().address().getPort();

      var converged = CliRunner.run("plan", "--server", url, "--api-token-env", "PATH");
      assertThat(converged.exit()).as(converged.err()).isZero();
      assertThat(converged.out()).isEqualTo(CliRunner.run("plan", "--repo", repo.toString()).out());

      Files.writeString(sandbox.resolve("etc/motd"), "changed by hand\n");
      var remote = CliRunner.run("plan", "--server", url, "--api-token-env", "PATH", "-o", "json");
      var local = CliRunner.run("plan", "--repo", repo.toString(), "-o", "json");
      assertThat(remote.exit()).isEqualTo(2).isEqualTo(local.exit());
      JsonNode r = JSON.readTree(remote.out());
      JsonNode l = JSON.readTree(local.out());
      assertThat(r.path("desiredRevision")).isEqualTo(l.path("desiredRevision"));
      assertThat(r.path("nodes").get(0).path("changes").get(0).path("id").asString())
          .isEqualTo("/etc/motd")
          .isEqualTo(l.path("nodes").get(0).path("changes").get(0).path("id").asString());
      // serve knows the file was applied: its history makes this drift, not a new change.
      assertThat(r.path("nodes").get(0).path("changes").get(0).path("step").asString())
          .isEqualTo("revert-drift");

      // serve renders the text and markdown; the same as the local plan renders the same JSON.
      var text = CliRunner.run("plan", "--server", url, "--api-token-env", "PATH");
      assertThat(text.exit()).isEqualTo(2);
      assertThat(text.out())
          .contains("/etc/motd")
          .isEqualTo(CliRunner.run("show", saved(remote.out()).toString()).out());
      var markdown =
          CliRunner.run("plan", "--server", url, "--api-token-env", "PATH", "-o", "markdown");
      assertThat(markdown.out())
          .isEqualTo(CliRunner.run("show", saved(remote.out()).toString(), "-o", "markdown").out());
      Path out = plans.resolve("kept.json");
      var kept =
          CliRunner.run(
              "plan", "--server", url, "--api-token-env", "PATH", "--out", out.toString());
      assertThat(kept.exit()).isEqualTo(2);
      assertThat(kept.out()).isEqualTo(text.out());
      assertThat(JSON.readTree(Files.readString(out)).path("nodes").get(0).path("node").asString())
          .isEqualTo("box");

      // serve validates a revision once: an edit is a new revision, planned as it now reads.
      Files.writeString(
          repo.resolve("fleet.yaml"),
          Files.readString(repo.resolve("fleet.yaml")).replace("hello\\n", "edited\\n"));
      var edited = CliRunner.run("plan", "--server", url, "--api-token-env", "PATH", "-o", "json");
      assertThat(JSON.readTree(edited.out()).path("desiredRevision"))
          .isNotEqualTo(r.path("desiredRevision"));
      assertThat(edited.out()).contains("edited");
      Files.writeString(repo.resolve("nodes/box.yaml"), "node: box\nenvironment: nowhere\n");
      var invalid = CliRunner.run("plan", "--server", url, "--api-token-env", "PATH");
      assertThat(invalid.exit()).isEqualTo(1);
      assertThat(invalid.out()).contains("nowhere");
      Files.writeString(
          repo.resolve("nodes/box.yaml"),
          "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n"
              .formatted(sandbox));

      var unknown = CliRunner.run("plan", "--server", url, "--api-token-env", "PATH", "-n", "bxo");
      assertThat(unknown.exit()).isEqualTo(1);
      assertThat(unknown.err()).contains("HTTP 400").contains("box");
      var refused = CliRunner.run("plan", "--server", url, "--api-token-env", "HOME");
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).contains("HTTP 401");
    }
  }
}
