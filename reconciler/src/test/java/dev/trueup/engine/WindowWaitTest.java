package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.plan.NodePlan;
import dev.trueup.policy.Step;
import dev.trueup.source.DesiredTree;
import dev.trueup.store.Store;
import dev.trueup.testing.MovableClock;
import dev.trueup.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change outside its maintenance window waits, the run records when the window opens, and the
 * poll after that time has come finds the node owed a run: with the clock moved by hand, across
 * Berlin's spring change.
 */
class WindowWaitTest {
  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;
  // Saturday 2027-03-27 12:00 UTC; the window opens on Sunday 02:00 Berlin time, which that night
  // does not exist: it opens when the clocks jump, 03:00 summer time, 01:00 UTC.
  private final MovableClock clock = new MovableClock(Instant.parse("2027-03-27T12:00:00Z"));
  private Store store;
  private ApplyPipeline pipeline;

  @BeforeEach
  void fleet() throws Exception {
    store = Store.open("jdbc:h2:file:" + storeDir.resolve("db") + ";MODE=PostgreSQL", clock, "r1");
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(repo.resolve("fleet.yaml"), "fleet: windows\nenvironments: [development]\n");
    Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply}\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        """
        node: box
        environment: development
        connection: {driver: local, root: %s}
        maintenanceWindows:
          sunday-night: {cron: "0 2 * * 0", duration: 3h, timezone: Europe/Berlin}
        files:
          /etc/box.conf: {content: "v1\\n", mode: "0644"}
        """
            .formatted(sandbox));
    pipeline = new ApplyPipeline(new Validator(clock), Drivers::standard, store, Progress.NONE);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void outsideTheWindowNothingAppliesAndThePollOnceItOpensOwesTheNodeARun() throws Exception {
    ApplyRun waiting = pipeline.run(DesiredTree.of(repo), ApplyPipeline.Options.everything(2));
    NodePlan box = waiting.plan().orElseThrow().nodes().get(0);
    assertThat(box.changes()).isNotEmpty();
    for (int i = 0; i < box.changes().size(); i++) {
      assertThat(box.decision(i).orElseThrow().step()).isEqualTo(Step.WAIT_FOR_WINDOW);
      assertThat(box.decision(i).orElseThrow().reason())
          .isEqualTo(
              "outside maintenance windows: sunday-night opens 2027-03-28 03:00 Europe/Berlin");
    }
    assertThat(waiting.nodes()).isEmpty();
    assertThat(sandbox.resolve("etc/box.conf")).doesNotExist();
    assertThat(store.nodeContacts().get("box").orElseThrow().windowOpensAt())
        .contains(Instant.parse("2027-03-28T01:00:00Z"));

    // Polls before the window opens look at nothing.
    clock.set(Instant.parse("2027-03-28T00:59:59Z"));
    assertThat(new StoreLedger(store, Duration.ofMinutes(2)).nodesAway()).isFalse();
    assertThat(pipeline.returned(DesiredTree.of(repo), 2)).isEmpty();

    clock.set(Instant.parse("2027-03-28T01:00:30Z"));
    assertThat(new StoreLedger(store, Duration.ofMinutes(2)).nodesAway()).isTrue();
    List<String> owed = pipeline.returned(DesiredTree.of(repo), 2);
    assertThat(owed).containsExactly("box");
    ApplyRun inWindow =
        pipeline.run(
            DesiredTree.of(repo),
            ApplyPipeline.Options.everything(2).selecting(owed),
            CatchUp.trigger(owed));
    assertThat(inWindow.failed()).as(inWindow.toString()).isFalse();
    assertThat(Files.readString(sandbox.resolve("etc/box.conf"))).isEqualTo("v1\n");
    assertThat(store.nodeContacts().get("box").orElseThrow().windowOpensAt()).isEmpty();
    assertThat(new StoreLedger(store, Duration.ofMinutes(2)).nodesAway()).isFalse();
  }
}
