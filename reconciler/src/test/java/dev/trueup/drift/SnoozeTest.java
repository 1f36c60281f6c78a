package dev.trueup.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.cli.CliRunner;
import dev.trueup.engine.ApplyPipeline;
import dev.trueup.engine.ApplyRun;
import dev.trueup.engine.Drivers;
import dev.trueup.engine.PlanPipeline;
import dev.trueup.engine.Progress;
import dev.trueup.engine.StoreHistory;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Selection;
import dev.trueup.policy.Step;
import dev.trueup.store.Store;
import dev.trueup.store.StoreLocation;
import dev.trueup.testing.MovableClock;
import dev.trueup.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hot fix made by hand, snoozed: the plan shows the drift as snoozed, a drift check does not
 * report it, an apply leaves it; the snooze is listed with who and why; once its date passes the
 * normal policy applies again and the next apply reverts it.
 */
class SnoozeTest {
  @TempDir Path tmp;

  @Test
  void snoozedDriftIsLeftAloneUntilTheDateThenReverted() throws Exception {
    Path repo = tmp.resolve("repo");
    Path root = tmp.resolve("root");
    Path storeDir = tmp.resolve("store");
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: f
        environments: [development]
        defaults:
          files:
            /etc/app.conf: {content: "port=8000\\n", mode: "0644"}
            /etc/other.conf: {content: "x\\n", mode: "0644"}
        """);
    Files.writeString(
        repo.resolve("policy.yaml"),
        """
        matrix: {bugfix: apply, minor: apply, major: apply, architecture: apply, business: apply}
        liveDrift: {default: revert}
        """);
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n"
            .formatted(root));
    MovableClock clock = new MovableClock(Instant.now());
    String url = StoreLocation.resolve(storeDir.toString(), Map.of());

    try (Store store = Store.open(url, clock, "t")) {
      apply(repo, store);
    }
    Files.writeString(root.resolve("etc/app.conf"), "port=9999\n"); // the hot fix
    Files.writeString(root.resolve("etc/other.conf"), "y\n"); // drift nobody snoozed

    var snooze =
        CliRunner.run(
            "snooze",
            "box",
            "--resource",
            "file:/etc/app.conf",
            "--until",
            "+2h",
            "--reason",
            "hot fix for the outage",
            "--by",
            "ana",
            "--store",
            storeDir.toString());
    assertThat(snooze.exit()).as(snooze.err()).isZero();
    assertThat(snooze.out()).contains("snoozed box file:/etc/app.conf until").contains("by ana");
    var listed = CliRunner.run("snoozes", "--store", storeDir.toString());
    assertThat(listed.out())
        .contains("box file:/etc/app.conf until")
        .contains("hot fix for the outage");

    try (Store store = Store.open(url, clock, "t")) {
      NodePlan plan = plan(repo, store);
      assertThat(step(plan, "/etc/app.conf")).isEqualTo(Step.SNOOZED);
      assertThat(decisionReason(plan, "/etc/app.conf")).contains("by ana").contains("hot fix");
      assertThat(step(plan, "/etc/other.conf")).isEqualTo(Step.REVERT_DRIFT);

      DriftCheck.Result check =
          new DriftCheck(
                  new Validator(),
                  Drivers::standard,
                  store,
                  DriftCheck.Settings.defaults().withOut(tmp.resolve("out")).withTrigger("test"))
              .run(repo, null);
      var row = ((DriftCheck.Result.Drifted) check).report();
      assertThat(row.changes()).as("only the drift nobody snoozed").isEqualTo(1);
      assertThat(row.summary()).contains("\"snoozed\" : 1").doesNotContain("-port=9999");

      apply(repo, store);
      assertThat(Files.readString(root.resolve("etc/app.conf"))).isEqualTo("port=9999\n");
      assertThat(Files.readString(root.resolve("etc/other.conf"))).isEqualTo("x\n");

      clock.advance(Duration.ofHours(3));
    }
    try (Store store = Store.open(url, clock, "t")) {
      assertThat(step(plan(repo, store), "/etc/app.conf"))
          .as("the date passed: the normal policy again")
          .isEqualTo(Step.REVERT_DRIFT);
      apply(repo, store);
      assertThat(Files.readString(root.resolve("etc/app.conf"))).isEqualTo("port=8000\n");
    }
  }

  @Test
  void aSnoozeInThePastOrOfAnUnknownKindIsRefused() {
    Path store = tmp.resolve("store");
    var past =
        CliRunner.run(
            "snooze", "box", "--until", "2020-01-01", "--reason", "r", "--store", store.toString());
    assertThat(past.exit()).isEqualTo(1);
    assertThat(past.err()).contains("has passed");
    var kind =
        CliRunner.run(
            "snooze",
            "box",
            "--resource",
            "fil:/x",
            "--until",
            "+1d",
            "--reason",
            "r",
            "--store",
            store.toString());
    assertThat(kind.exit()).isEqualTo(1);
    assertThat(kind.err()).contains("no resource kind 'fil'").contains("file");
    var garbled =
        CliRunner.run(
            "snooze", "box", "--until", "soon", "--reason", "r", "--store", store.toString());
    assertThat(garbled.exit()).isEqualTo(1);
    assertThat(garbled.err()).contains("not an instant, a date or +N hours/days");
  }

  private static void apply(Path repo, Store store) {
    ApplyRun run =
        new ApplyPipeline(new Validator(), Drivers::standard, store, Progress.NONE)
            .run(repo, ApplyPipeline.Options.everything(1));
    assertThat(run.failed()).as(run.toString()).isFalse();
  }

  private static NodePlan plan(Path repo, Store store) {
    return new PlanPipeline(
            new Validator(), Drivers::standard, 1, Progress.NONE, new StoreHistory(store))
        .run(repo, Selection.all())
        .plan()
        .orElseThrow()
        .nodes()
        .get(0);
  }

  private static Step step(NodePlan n, String id) {
    for (int i = 0; i < n.changes().size(); i++) {
      if (n.changes().get(i).id().equals(id)) {
        return n.decision(i).orElseThrow().step();
      }
    }
    throw new AssertionError("no change to " + id + ": " + n.changes());
  }

  private static String decisionReason(NodePlan n, String id) {
    for (int i = 0; i < n.changes().size(); i++) {
      if (n.changes().get(i).id().equals(id)) {
        return n.decision(i).orElseThrow().reason();
      }
    }
    throw new AssertionError(id);
  }
}
