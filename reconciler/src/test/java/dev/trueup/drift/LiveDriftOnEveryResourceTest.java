package dev.trueup.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.ChangeResult;
import dev.trueup.diff.Change;
import dev.trueup.engine.ApplyPipeline;
import dev.trueup.engine.ApplyRun;
import dev.trueup.engine.Drivers;
import dev.trueup.engine.PlanPipeline;
import dev.trueup.engine.Progress;
import dev.trueup.engine.StoreHistory;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.policy.Step;
import dev.trueup.store.DriftRecord;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Live drift is the node moving away from what the applied revision wants, on every resource of
 * that revision, whoever last wrote it: on a node trueup wrote and on one it adopted (its files
 * already right, so the first apply wrote nothing), each hand-made drift is reported by the drift
 * check and classed as live drift by the plan — reverted in development, flagged for approval in
 * production — never as a desired change to apply by class.
 */
class LiveDriftOnEveryResourceTest {
  private static final String CONF = "/etc/app/app.conf";
  private static final String CRON = "/etc/cron.d/trueup-rotate";

  private Path repo;
  private Path work;
  private Store store;
  private Git git;

  /** A hand-made drift of one managed resource: what to do on the node, and the resource. */
  record Drift(String name, String id, Tamper tamper) {
    @Override
    public String toString() {
      return name;
    }
  }

  interface Tamper {
    void on(Path file) throws IOException;
  }

  static Stream<Arguments> drifts() {
    List<Drift> drifts =
        List.of(
            new Drift(
                "chmod 0666",
                CONF,
                f ->
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"))),
            new Drift("file deleted", CONF, Files::delete),
            new Drift(
                "cron line removed",
                CRON,
                f ->
                    Files.write(
                        f,
                        Files.readAllLines(f).stream()
                            .filter(l -> !l.contains("logrotate"))
                            .toList())),
            new Drift(
                "line added to a managed cron file",
                CRON,
                f -> Files.writeString(f, Files.readString(f) + "* * * * * root /tmp/evil\n")));
    List<Arguments> out = new ArrayList<>();
    for (Drift d : drifts) {
      out.add(Arguments.of(d, false));
      out.add(Arguments.of(d, true));
    }
    return out.stream();
  }

  @BeforeEach
  void fleet(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    work = tmp;
    repo = tmp.resolve("repo");
    Files.createDirectories(repo.resolve("nodes"));
    git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: sandboxes
        environments: [development, staging, production]
        defaults:
          directories:
            /etc/app: {mode: "0755"}
          files:
            /etc/app/app.conf: {content: "port=8000\\n", mode: "0644"}
          schedules:
            rotate:
              cron: "0 3 * * *"
              timezone: UTC
              command: /usr/sbin/logrotate /etc/logrotate.conf
        """);
    // Production gets its files without approvals (an approval of that exact content would also
    // approve reverting to it); live drift is decided by liveDrift alone, whatever the rules say.
    Files.writeString(
        repo.resolve("policy.yaml"),
        """
        matrix: {bugfix: apply, minor: staged, major: approve, architecture: approve, business: notify}
        liveDrift: {production: flag, default: revert}
        rules:
          - name: set-up-applies-everywhere
            match: {environment: "*"}
            verdict: apply
        """);
    point(tmp.resolve("first"));
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    git.close();
  }

  /** Both nodes' roots under {@code roots}, committed. */
  private void point(Path roots) throws Exception {
    for (String[] n : new String[][] {{"dev", "development"}, {"prod", "production"}}) {
      Files.writeString(
          repo.resolve("nodes/" + n[0] + ".yaml"),
          "node: %s\nenvironment: %s\nconnection: {driver: local, root: %s}\n"
              .formatted(n[0], n[1], roots.resolve(n[0])));
    }
    git.add().addFilepattern(".").call();
    git.commit()
        .setMessage("chore: the sandboxes at " + roots.getFileName())
        .setAuthor("dev", "dev@example.org")
        .setCommitter("dev", "dev@example.org")
        .setSign(false)
        .call();
  }

  /** Applies, approving what production holds (a person would), until nothing is held. */
  private void converge() {
    for (int round = 0; round < 4; round++) {
      ApplyRun run = apply();
      if (run.held().isEmpty()) {
        return;
      }
      run.held().forEach(a -> store.approvals().approve(a.id(), "test", "set-up"));
    }
    throw new AssertionError("production did not converge");
  }

  private ApplyRun apply() {
    ApplyRun run =
        new ApplyPipeline(new Validator(), Drivers::standard, store, Progress.NONE)
            .run(repo, ApplyPipeline.Options.everything(2));
    assertThat(run.failed()).as(run.toString()).isFalse();
    return run;
  }

  private Plan plan() {
    return new PlanPipeline(
            new Validator(), Drivers::standard, 2, Progress.NONE, new StoreHistory(store))
        .run(repo, Selection.all())
        .plan()
        .orElseThrow();
  }

  private static Path file(Path root, String path) {
    return root.resolve(path.substring(1));
  }

  @ParameterizedTest(name = "{0}, adopted: {1}")
  @MethodSource("drifts")
  void eachDriftIsReportedAndClassedAsLiveDrift(Drift drift, boolean adopted) throws Exception {
    store = Store.openEmbedded(work.resolve("store-first"));
    converge();
    Path roots = work.resolve("first");
    if (adopted) {
      // Another store takes over nodes whose files are already right: it writes nothing.
      Path copy = work.resolve("second");
      copyTree(roots, copy);
      point(copy);
      store.close();
      store = Store.openEmbedded(work.resolve("store-second"));
      ApplyRun first = apply();
      assertThat(first.nodes().stream().mapToLong(n -> n.count(ChangeResult.Status.APPLIED)).sum())
          .as("the adopting apply writes nothing")
          .isZero();
      roots = copy;
    }
    assertThat(check()).as("clean before the drift").isInstanceOf(DriftCheck.Result.Clean.class);

    for (String node : List.of("dev", "prod")) {
      drift.tamper().on(file(roots.resolve(node), drift.id()));
    }

    DriftCheck.Result result = check();
    assertThat(result).isInstanceOf(DriftCheck.Result.Drifted.class);
    DriftRecord row = ((DriftCheck.Result.Drifted) result).report();
    assertThat(row.nodes())
        .containsExactlyInAnyOrder(
            new DriftRecord.NodeEntry("dev", DriftRecord.Status.DRIFTED, 1),
            new DriftRecord.NodeEntry("prod", DriftRecord.Status.DRIFTED, 1));
    assertThat(row.summary()).contains(drift.id());

    Plan plan = plan();
    assertThat(step(plan, "dev", drift.id())).isEqualTo(Step.REVERT_DRIFT);
    assertThat(step(plan, "prod", drift.id())).isEqualTo(Step.FLAG_DRIFT);

    // Development reverts it; production holds it for approval and stays drifted.
    ApplyRun reverted = apply();
    assertThat(reverted.held())
        .singleElement()
        .satisfies(a -> assertThat(a.node()).isEqualTo("prod"));
    assertThat(plan().nodes())
        .filteredOn(n -> n.node().equals("dev"))
        .singleElement()
        .satisfies(n -> assertThat(n.changes()).isEmpty());
  }

  private DriftCheck.Result check() {
    return new DriftCheck(
            new Validator(),
            Drivers::standard,
            store,
            DriftCheck.Settings.defaults().withOut(work.resolve("out")).withTrigger("test"))
        .run(repo, null);
  }

  private static Step step(Plan plan, String node, String id) {
    NodePlan n = plan.nodes().stream().filter(x -> x.node().equals(node)).findFirst().orElseThrow();
    for (int i = 0; i < n.changes().size(); i++) {
      Change c = n.changes().get(i);
      if (c.id().equals(id)) {
        return n.decision(i).orElseThrow().step();
      }
    }
    throw new AssertionError(node + " plans no change to " + id + ": " + n.changes());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
