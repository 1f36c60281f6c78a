package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.testing.Golden;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.TreeCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trueup report} on the example fleet: a temporary repository seeded with desired-state/ and
 * a pull request of three commits (a Redis patch, a CRM-sync minor bump, the demo sandbox's log
 * level and a new schedule). With {@code -Dgolden.update=true} the archive it writes replaces the
 * committed example under drift-reports/.
 */
class ReportCommandTest {
  @TempDir Path repo;
  @TempDir Path out;
  private Git git;
  private int tick;

  @BeforeEach
  void fleet() throws Exception {
    TreeCopy.copy(ProjectRoot.resolve("desired-state"), repo);
    git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    commit("feat: the example fleet");
    git.checkout().setCreateBranch(true).setName("change").call();
    replace("services/redis.yaml", "redis:7.4.1", "redis:7.4.2");
    commit("fix: redis 7.4.2");
    replace("services/integration-sync.yaml", "integration-sync:2.3.0", "integration-sync:2.4.0");
    commit("feat: integration-sync 2.4.0 syncs deals too");
    replace("nodes/demo-sandbox.yaml", "log_level: debug", "log_level: info");
    replace(
        "nodes/demo-sandbox.yaml",
        "  frequent-health-check:\n",
        "  hourly-disk-report:\n    cron: \"0 * * * *\"\n    timezone: UTC\n"
            + "    command: /opt/aurora/maintenance/disk-report.sh\n  frequent-health-check:\n");
    commit("feat: quieter demo sandbox with an hourly disk report");
  }

  @AfterEach
  void close() {
    git.close();
  }

  private void replace(String path, String from, String to) throws Exception {
    String text = Files.readString(repo.resolve(path));
    assertThat(text).contains(from);
    Files.writeString(repo.resolve(path), text.replace(from, to));
  }

  private void commit(String message) throws Exception {
    git.add().addFilepattern(".").call();
    PersonIdent who =
        new PersonIdent(
            "Allan",
            "allan@example.org",
            Instant.parse("2026-01-15T09:00:00Z").plusSeconds(60L * tick++),
            ZoneOffset.UTC);
    git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  @Test
  void theExampleFleetsPullRequestIsReportedAndArchived() throws Exception {
    var r =
        CliRunner.run(
            "report",
            "--repo",
            repo.toString(),
            "--base",
            "main",
            "--head",
            "change",
            "--out",
            out.toString(),
            "--date",
            "2026-01-15");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("<!-- trueup-drift-report -->")
        .contains("redis:7.4.2")
        .contains("integration-sync")
        .contains("hourly-disk-report")
        .doesNotContain("/tmp/trueup-demo-sandbox");
    Path md;
    try (Stream<Path> files = Files.list(out)) {
      md =
          files
              .filter(p -> p.toString().endsWith(".md") && !p.endsWith("index.md"))
              .findFirst()
              .orElseThrow();
    }
    assertThat(md.getFileName().toString()).matches("2026-01-15-[0-9a-f]{7}\\.md");
    Path json = md.resolveSibling(md.getFileName().toString().replace(".md", ".json"));
    assertThat(Files.readString(json)).contains("\"format\" : \"trueup-review/1\"");
    assertThat(Files.readString(out.resolve("index.md"))).contains(md.getFileName().toString());
    if (Golden.updating()) {
      Path example = ProjectRoot.resolve("drift-reports");
      Files.createDirectories(example);
      TreeCopy.copy(out, example);
    }
  }

  @Test
  void anUnknownRefCannotBeReported() {
    var r = CliRunner.run("report", "--repo", repo.toString(), "--base", "main", "--head", "nope");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("nope");
  }

  @Test
  void aFailedPostIsSaidOnStderrAndDoesNotFailTheReport() {
    var r =
        CliRunner.run(
            "report",
            "--repo",
            repo.toString(),
            "--base",
            "main",
            "--head",
            "change",
            "--forge",
            "github",
            "--api",
            "http://127.0.0.1:9/api",
            "--project",
            "aurora/fleet",
            "--pr",
            "3",
            "--token-env",
            "PATH");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("comment not posted").contains("status not set");
  }

  @Test
  void anUnknownOutputOrForgeIsAUsageErrorBeforeAnyWork() {
    var yaml =
        CliRunner.run(
            "report",
            "--repo",
            repo.toString(),
            "--base",
            "main",
            "--head",
            "change",
            "-o",
            "yaml");
    assertThat(yaml.exit()).isEqualTo(1);
    assertThat(yaml.out()).isEmpty();
    assertThat(yaml.err()).contains("--output").contains("yaml");
    var forge =
        CliRunner.run(
            "report",
            "--repo",
            repo.toString(),
            "--base",
            "main",
            "--head",
            "change",
            "--forge",
            "githb");
    assertThat(forge.exit()).isEqualTo(1);
    assertThat(forge.out()).isEmpty();
    assertThat(forge.err()).contains("unknown forge 'githb'");
  }
}
