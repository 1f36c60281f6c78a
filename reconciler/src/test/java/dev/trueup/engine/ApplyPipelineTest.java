package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.apply.Rollout;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.store.Approval;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision matrix end to end on a staging + production pair of local sandbox nodes, a real Git
 * repository and the embedded store: a bug fix goes everywhere at once, a new schedule reaches
 * staging and waits for approval in production, approving releases it, and a second apply finds
 * nothing to do.
 */
class ApplyPipelineTest {
  /** Where the two nodes live; the lab variant overrides these three. */
  String connection(String name) {
    return "{driver: local, root: %s}".formatted(sandboxes.resolve(name));
  }

  String fleetExtras() {
    return "";
  }

  String read(String node, String path) throws Exception {
    Path p = sandboxes.resolve(node).resolve(path.substring(1));
    return Files.exists(p) ? Files.readString(p) : "<missing>";
  }

  void edit(String node, String path, String content) throws Exception {
    Path p = sandboxes.resolve(node).resolve(path.substring(1));
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  void clean() {}

  @TempDir Path repo;
  @TempDir Path sandboxes;

  @TempDir Path storeDir;
  private Store store;
  private Git git;

  @BeforeEach
  void fleet() throws Exception {
    clean();
    store = Store.openEmbedded(storeDir);
    git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("templates"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: pair
        environments: [development, staging, production]
        %s
        defaults:
          directories:
            /etc/app: {mode: "0755"}
          files:
            /etc/app/app.conf: {template: app.conf.ftl, mode: "0644", vars: {port: 8000}}
        """
            .formatted(fleetExtras()));
    Files.writeString(repo.resolve("templates/app.conf.ftl"), "port=${vars.port}\n");
    node("stage", "staging");
    node("prod", "production");
    commit("feat: the app on a staging and a production node");
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    if (git != null) {
      git.close();
    }
  }

  private void node(String name, String env) throws Exception {
    Files.writeString(
        repo.resolve("nodes/" + name + ".yaml"),
        "node: %s\nenvironment: %s\nconnection: %s\n".formatted(name, env, connection(name)));
  }

  private void commit(String message) throws Exception {
    git.add().addFilepattern(".").call();
    git.commit()
        .setMessage(message)
        .setAuthor("dev", "dev@example.org")
        .setCommitter("dev", "dev@example.org")
        .setSign(false)
        .call();
  }

  private ApplyRun apply(boolean onlyApproved, Optional<Plan> saved, boolean allowMassDelete) {
    return new ApplyPipeline(new Validator(), Drivers::standard, store, Progress.NONE)
        .run(
            repo,
            new ApplyPipeline.Options(
                Selection.all(),
                onlyApproved,
                allowMassDelete,
                saved,
                4,
                Rollout.FailureThreshold.none()));
  }

  private ApplyRun apply() {
    return apply(false, Optional.empty(), false);
  }

  private void approveAll() {
    for (Approval a : store.approvals().pending()) {
      store.approvals().approve(a.id(), "lead", "looks right");
    }
  }

  private static String text(ApplyRun run) {
    return run.toString();
  }

  private static long applied(ApplyRun run, String node) {
    return run.nodes().stream()
        .filter(n -> n.node().equals(node))
        .mapToLong(n -> n.count(ChangeResult.Status.APPLIED))
        .sum();
  }

  @Test
  void aFixShipsEverywhereWhileANewScheduleWaitsForApprovalInProduction() throws Exception {
    // First rollout: minor by default — staging first, production held until approved.
    ApplyRun first = apply();
    assertThat(first.failed()).as("%s", text(first)).isFalse();
    assertThat(read("stage", "/etc/app/app.conf")).isEqualTo("port=8000\n");
    assertThat(read("prod", "/etc/app/app.conf")).isEqualTo("<missing>");
    assertThat(first.held()).extracting(Approval::node).containsOnly("prod");
    approveAll();
    ApplyRun released = apply();
    assertThat(released.failed()).as("%s", text(released)).isFalse();
    assertThat(read("prod", "/etc/app/app.conf")).isEqualTo("port=8000\n");

    // One commit: a fix of the config and a new schedule.
    Files.writeString(
        repo.resolve("fleet.yaml"),
        Files.readString(repo.resolve("fleet.yaml"))
            .replace("vars: {port: 8000}", "vars: {port: 8080}")
            .concat(
                "  schedules:\n"
                    + "    nightly-report: {cron: \"0 3 * * *\", timezone: UTC, command:"
                    + " /opt/report.sh}\n"));
    commit("fix: the app listens on 8080");
    ApplyRun mixed = apply();
    assertThat(mixed.failed()).as("%s", text(mixed)).isFalse();
    assertThat(read("stage", "/etc/app/app.conf")).isEqualTo("port=8080\n");
    assertThat(read("prod", "/etc/app/app.conf"))
        .as("the fix reached production")
        .isEqualTo("port=8080\n");
    assertThat(read("stage", "/etc/cron.d/trueup-nightly-report"))
        .contains("0 3 * * * root /opt/report.sh");
    assertThat(read("prod", "/etc/cron.d/trueup-nightly-report")).isEqualTo("<missing>");
    assertThat(mixed.held())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.node()).isEqualTo("prod");
              assertThat(a.resource()).isEqualTo("/etc/cron.d/trueup-nightly-report");
              assertThat(a.reason().orElseThrow()).contains("waits until staging");
            });
    // Staging verified it in that run: the next run says it now waits for a person only.
    apply();
    assertThat(store.approvals().pending())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.reason().orElseThrow())
                    .contains("verified on staging, needs approval")
                    .doesNotContain("waits until staging"));

    approveAll();
    ApplyRun approved = apply();
    assertThat(read("prod", "/etc/cron.d/trueup-nightly-report")).contains("/opt/report.sh");
    assertThat(applied(approved, "prod")).isEqualTo(1);

    ApplyRun again = apply();
    assertThat(again.nodes())
        .allSatisfy(n -> assertThat(n.count(ChangeResult.Status.APPLIED)).isZero());
    assertThat(again.held()).isEmpty();
    assertThat(again.failed()).as("%s", text(again)).isFalse();
  }

  @Test
  void aSavedPlanWhoseLiveStateMovedIsRefused() throws Exception {
    Plan saved =
        new PlanPipeline(
                new Validator(), Drivers::standard, 4, Progress.NONE, new StoreHistory(store))
            .run(repo, Selection.all())
            .plan()
            .orElseThrow();
    edit("stage", "/etc/app/app.conf", "edited by hand\n");
    ApplyRun run = apply(false, Optional.of(saved), false);
    assertThat(run.refused()).hasValueSatisfying(r -> assertThat(r).startsWith("plan is stale"));
    assertThat(run.nodes()).isEmpty();
    assertThat(read("stage", "/etc/app/app.conf")).isEqualTo("edited by hand\n");
  }

  @Test
  void aDesiredStateMissingMostNodesIsRefused() throws Exception {
    apply();
    approveAll();
    apply();
    Files.delete(repo.resolve("nodes/stage.yaml"));
    Files.delete(repo.resolve("nodes/prod.yaml"));
    commit("chore: oops, wrong branch");
    ApplyRun run = apply();
    assertThat(run.refused())
        .hasValueSatisfying(r -> assertThat(r).contains("missing from the desired state"));
    assertThat(apply(false, Optional.empty(), true).refused()).isEmpty();
  }

  @Test
  void onlyApprovedAppliesNothingElse() {
    ApplyRun run = apply(true, Optional.empty(), false);
    assertThat(run.nodes())
        .allSatisfy(n -> assertThat(n.count(ChangeResult.Status.APPLIED)).isZero());
    assertThat(run.held()).isNotEmpty();
  }

  @Test
  void theRunIsRecorded() {
    ApplyRun run = apply();
    var recorded = store.runs().find(run.runId()).orElseThrow();
    assertThat(recorded.status().name()).isEqualTo("SUCCEEDED");
    assertThat(store.plans().forRun(run.runId())).hasSize(1);
    assertThat(store.outcomes().forRun(run.runId())).isNotEmpty();
    assertThat(store.appliedRevisions().get("stage")).isPresent();
    List<NodeApplyResult> nodes = run.nodes();
    assertThat(nodes).extracting(NodeApplyResult::node).contains("stage");
  }
}
