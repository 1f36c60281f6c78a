package dev.trueup.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.cli.CliRunner;
import dev.trueup.engine.ApplyPipeline;
import dev.trueup.engine.ApplyRun;
import dev.trueup.engine.Drivers;
import dev.trueup.engine.Progress;
import dev.trueup.history.HistoryJson;
import dev.trueup.history.HistoryQuery;
import dev.trueup.store.DriftRecord;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drift check end to end on local sandbox nodes, a real Git repository and the embedded store:
 * apply, check (clean: a row, no files), tamper with a managed file, check again (drifted: the file
 * named, report files written, history lists it), and the check never puts anything back.
 */
class DriftCheckTest {
  @TempDir Path repo;
  @TempDir Path sandboxes;
  @TempDir Path storeDir;
  @TempDir Path out;
  private Store store;
  private Git git;

  @BeforeEach
  void fleet() throws Exception {
    store = Store.openEmbedded(storeDir);
    git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("templates"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: sandboxes
        environments: [development, staging, production]
        defaults:
          directories:
            /etc/app: {mode: "0755"}
          files:
            /etc/app/app.conf: {template: app.conf.ftl, mode: "0644", vars: {port: 8000}}
        """);
    Files.writeString(repo.resolve("templates/app.conf.ftl"), "port=${vars.port}\n");
    node("box", "development");
    node("stage", "staging");
    git.add().addFilepattern(".").call();
    git.commit()
        .setMessage("feat: the app on two sandboxes")
        .setAuthor("dev", "dev@example.org")
        .setCommitter("dev", "dev@example.org")
        .setSign(false)
        .call();
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    git.close();
  }

  private void node(String name, String env) throws Exception {
    Files.writeString(
        repo.resolve("nodes/" + name + ".yaml"),
        "node: %s\nenvironment: %s\nconnection: {driver: local, root: %s}\n"
            .formatted(name, env, sandboxes.resolve(name)));
  }

  private Path file(String node, String path) {
    return sandboxes.resolve(node).resolve(path.substring(1));
  }

  private ApplyRun apply() {
    return new ApplyPipeline(new Validator(), Drivers::standard, store, Progress.NONE)
        .run(repo, ApplyPipeline.Options.everything(2));
  }

  private DriftCheck checker() {
    return new DriftCheck(
        new Validator(),
        Drivers::standard,
        store,
        DriftCheck.Settings.defaults().withOut(out).withTrigger("test"));
  }

  private DriftCheck.Result check() {
    return checker().run(repo, null);
  }

  private static String head(Git git) throws Exception {
    return git.getRepository().resolve("HEAD").name();
  }

  @Test
  void cleanAfterApplyThenTheTamperedFileIsReportedAndLeftAlone() throws Exception {
    ApplyRun applied = apply();
    assertThat(applied.failed()).as(applied.toString()).isFalse();
    assertThat(Files.readString(file("stage", "/etc/app/app.conf"))).isEqualTo("port=8000\n");

    DriftCheck.Result first = check();
    assertThat(first).isInstanceOf(DriftCheck.Result.Clean.class);
    DriftRecord clean = ((DriftCheck.Result.Clean) first).report();
    assertThat(clean.clean()).isTrue();
    assertThat(clean.nodesChecked()).isEqualTo(2);
    assertThat(clean.desiredRevision()).isEqualTo(head(git));
    assertThat(clean.reportFile()).isEmpty();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files).isEmpty();
    }

    Files.writeString(file("stage", "/etc/app/app.conf"), "port=9999\n");
    DriftCheck.Result second = check();
    assertThat(second).isInstanceOf(DriftCheck.Result.Drifted.class);
    DriftCheck.Result.Drifted drifted = (DriftCheck.Result.Drifted) second;
    DriftRecord row = drifted.report();
    assertThat(row.nodesDrifted()).isEqualTo(1);
    assertThat(row.changes()).isEqualTo(1);
    assertThat(row.unreachable()).isZero();
    assertThat(row.nodes())
        .containsExactly(new DriftRecord.NodeEntry("stage", DriftRecord.Status.DRIFTED, 1));
    assertThat(row.summary()).contains("/etc/app/app.conf").contains("-port=9999");

    // <date>-drift-<short rev>-<HHmm>.md and .json, plus the index.
    String shortRev = head(git).substring(0, 7);
    assertThat(drifted.paths()).hasSize(2);
    assertThat(drifted.paths().get(0).getFileName().toString())
        .matches("\\d{4}-\\d{2}-\\d{2}-drift-" + shortRev + "-\\d{4}\\.md");
    assertThat(drifted.paths().get(1).getFileName().toString()).endsWith(".json");
    String md = Files.readString(drifted.paths().get(0));
    assertThat(md)
        .contains("### stage (staging)")
        .contains("/etc/app/app.conf")
        .contains("+port=8000");
    assertThat(Files.readString(drifted.paths().get(1))).isEqualTo(row.summary());
    assertThat(Files.readString(out.resolve("index.md")))
        .contains("## Scheduled drift checks")
        .contains(drifted.paths().get(0).getFileName().toString());
    assertThat(row.reportFile()).contains(drifted.paths().get(0).toString());

    // Read only: the tampered file is still tampered; only applies change nodes.
    assertThat(Files.readString(file("stage", "/etc/app/app.conf"))).isEqualTo("port=9999\n");

    // History: newest first, the drift checks as drift runs with their reports.
    var history = HistoryJson.list(store, HistoryQuery.all());
    assertThat(history.get("runs")).hasSize(3);
    assertThat(history.get("runs").get(0).get("kind").asString()).isEqualTo("drift");
    assertThat(
            history
                .get("runs")
                .get(0)
                .get("driftReport")
                .get("nodes")
                .get(0)
                .get("node")
                .asString())
        .isEqualTo("stage");
    assertThat(history.get("runs").get(1).get("driftReport").get("clean").asBoolean()).isTrue();
    assertThat(history.get("runs").get(2).get("kind").asString()).isEqualTo("apply");
    Run run = store.runs().find(row.runId().orElseThrow()).orElseThrow();
    assertThat(run.kind()).isEqualTo(Run.Kind.DRIFT);
    assertThat(run.status()).isEqualTo(Run.Status.SUCCEEDED);
    assertThat(run.trigger()).isEqualTo("test");
    assertThat(store.plans().forRun(run.id())).hasSize(1);
    var byNode =
        HistoryJson.list(
            store,
            new HistoryQuery(
                Optional.of(Run.Kind.DRIFT), Optional.of("stage"), Optional.empty(), 5));
    assertThat(byNode.get("runs")).hasSize(1);

    // The next apply reverts it (development and staging revert drift by default).
    apply();
    assertThat(Files.readString(file("stage", "/etc/app/app.conf"))).isEqualTo("port=8000\n");
    assertThat(check()).isInstanceOf(DriftCheck.Result.Clean.class);
  }

  @Test
  void aDesiredChangeNotYetAppliedIsNotDrift() throws Exception {
    apply();
    Files.writeString(repo.resolve("templates/app.conf.ftl"), "port=${vars.port}\nworkers=4\n");
    git.add().addFilepattern(".").call();
    git.commit()
        .setMessage("feat: workers")
        .setAuthor("dev", "dev@example.org")
        .setCommitter("dev", "dev@example.org")
        .setSign(false)
        .call();
    DriftCheck.Result result = check();
    assertThat(result).isInstanceOf(DriftCheck.Result.Clean.class);
    assertThat(((DriftCheck.Result.Clean) result).report().summary()).contains("\"pending\" : 2");
  }

  @Test
  void beforeAnyApplyNothingIsDrift() {
    assertThat(check()).isInstanceOf(DriftCheck.Result.Clean.class);
  }

  @Test
  void anInvalidDesiredStateFailsTheCheckAndTheRun() throws Exception {
    Files.writeString(repo.resolve("nodes/box.yaml"), "node: box\nenvironment: nowhere\n");
    DriftCheck.Result result = check();
    assertThat(result).isInstanceOf(DriftCheck.Result.Failed.class);
    DriftCheck.Result.Failed failed = (DriftCheck.Result.Failed) result;
    assertThat(failed.reason()).contains("invalid");
    assertThat(store.runs().find(failed.runId().orElseThrow()).orElseThrow().status())
        .isEqualTo(Run.Status.FAILED);
    assertThat(store.driftReports().recent(Optional.empty(), Optional.empty(), 10)).isEmpty();
  }

  @Test
  void theCommandExitsTwoOnDriftZeroWhenCleanAndHistoryListsIt() throws Exception {
    apply();
    store.close();
    store = null;
    String[] args = {
      "drift", "--repo", repo.toString(), "--store", storeDir.toString(), "--out", out.toString()
    };
    CliRunner.Run clean = CliRunner.run(args);
    assertThat(clean.exit()).as(clean.err()).isZero();
    assertThat(clean.out()).startsWith("clean: 2 node(s)");
    Files.writeString(file("box", "/etc/app/app.conf"), "tampered\n");
    CliRunner.Run drifted = CliRunner.run(args);
    assertThat(drifted.exit()).as(drifted.err()).isEqualTo(2);
    assertThat(drifted.out()).contains("1 drifted resource(s) on 1 node(s)").contains("wrote ");
    CliRunner.Run history =
        CliRunner.run("history", "--store", storeDir.toString(), "--kind", "drift");
    assertThat(history.exit()).isZero();
    assertThat(history.out()).contains("drifted box (1)").contains("clean, 2 node(s) checked");
    Files.writeString(repo.resolve("nodes/box.yaml"), "node: box\nenvironment: nowhere\n");
    assertThat(CliRunner.run(args).exit()).isEqualTo(1);
  }

  @Test
  void filesAreOnlyWrittenWithAnOutputDirectory() throws Exception {
    apply();
    Files.writeString(file("box", "/etc/app/app.conf"), "tampered\n");
    DriftCheck.Result result =
        new DriftCheck(new Validator(), Drivers::standard, store, DriftCheck.Settings.defaults())
            .run(repo, "given-revision");
    assertThat(result).isInstanceOf(DriftCheck.Result.Drifted.class);
    DriftCheck.Result.Drifted d = (DriftCheck.Result.Drifted) result;
    assertThat(d.paths()).isEmpty();
    assertThat(d.report().reportFile()).isEmpty();
    assertThat(d.report().desiredRevision()).isEqualTo("given-revision");
    assertThat(List.of(d.report().runId().orElseThrow()))
        .allSatisfy(
            id ->
                assertThat(store.runs().find(id).orElseThrow().desiredRevision())
                    .contains("given-revision"));
  }
}
