package dev.trueup.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.HealthAnswer;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.driver.host.Fixtures;
import dev.trueup.engine.DriverCache;
import dev.trueup.engine.Drivers;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.source.DesiredTree;
import dev.trueup.store.HealthSamples;
import dev.trueup.store.Store;
import dev.trueup.testing.MovableClock;
import dev.trueup.testing.fixtures.Nodes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health monitor's schedule: each node with a declared check is asked once per interval (on any
 * replica), what it answered is recorded, and old samples go. The checks themselves run on real
 * nodes in the host appliers' contract ({@code healthNowRunsEachCheckOnceAndChangesNothing}).
 */
class HealthScheduleTest {
  @TempDir Path storeDir;

  /** Answers as told and counts who was asked: the schedule's part is what is tested here. */
  private static final class Answering implements NodeApplier {
    final ConcurrentLinkedQueue<String> asked = new ConcurrentLinkedQueue<>();

    @Override
    public NodeApplyResult apply(
        Node node,
        dev.trueup.render.DesiredNode desired,
        List<dev.trueup.diff.Change> changes,
        dev.trueup.apply.ApplyJournal journal) {
      throw new AssertionError("the health monitor never applies");
    }

    @Override
    public List<HealthAnswer> healthNow(Node node) {
      asked.add(node.name());
      if (node.name().equals("broken")) {
        throw new IllegalStateException("the driver fell over");
      }
      return node.name().equals("db")
          ? List.of(new HealthAnswer("app", false, Optional.of("exit status 3 after 1 attempts")))
          : List.of(new HealthAnswer("app", true, Optional.empty()));
    }
  }

  @Test
  void eachCheckedNodeIsSampledOncePerIntervalAndOldSamplesGo() throws Exception {
    Node web =
        Fixtures.withCommandCheck(Nodes.node("web").environment("production").build(), "true");
    Node db =
        Fixtures.withCommandCheck(Nodes.node("db").environment("production").build(), "false");
    Node plain = Nodes.node("plain").environment("development").build();
    Node broken =
        Fixtures.withCommandCheck(Nodes.node("broken").environment("staging").build(), "true");
    DesiredState state = Nodes.fleet(web, db, plain, broken);
    Answering applier = new Answering();
    MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    try (Store store =
            Store.open("jdbc:h2:file:" + storeDir.resolve("db") + ";MODE=PostgreSQL", clock, "r1");
        DriverCache drivers =
            new DriverCache(
                s ->
                    new Drivers(
                        Map.of(), Map.of(web.connection().driver(), (NodeApplier) applier)))) {
      HealthSchedule schedule =
          new HealthSchedule(
              store, drivers, () -> Optional.of(state), Duration.ofMinutes(1), 4, clock);
      DesiredTree tree = DesiredTree.contentOnly(storeDir);

      assertThat(schedule.apply(tree)).as("it never wakes a cycle").isEmpty();
      assertThat(applier.asked).containsExactlyInAnyOrder("web", "db", "broken");
      var tally =
          store.healthSamples().byEnvironment(clock.instant(), clock.instant().plusSeconds(1));
      assertThat(tally.get("production")).isEqualTo(new HealthSamples.Tally(1, 2));
      assertThat(tally).doesNotContainKey("development");
      assertThat(tally.get("staging"))
          .as("a node whose checks could not run at all is down, not left out")
          .isEqualTo(new HealthSamples.Tally(0, 1));
      assertThat(store.healthSamples().recent("broken", 5))
          .singleElement()
          .satisfies(
              s ->
                  assertThat(s.reason())
                      .contains("the check could not run: IllegalStateException"));
      assertThat(store.healthSamples().recent("db", 5))
          .singleElement()
          .satisfies(s -> assertThat(s.reason()).contains("exit status 3 after 1 attempts"));

      clock.advance(Duration.ofSeconds(20));
      schedule.apply(tree);
      assertThat(applier.asked).as("sampled within half the interval: skipped").hasSize(3);

      clock.advance(Duration.ofDays(40));
      schedule.apply(tree);
      assertThat(applier.asked).hasSize(6);
      assertThat(store.healthSamples().recent("web", 10))
          .as("samples older than the 35 days kept are pruned")
          .hasSize(1);
    }
  }

  @Test
  void beforeServeHasRunARevisionNothingIsSampled() throws Exception {
    MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    Answering applier = new Answering();
    try (Store store =
            Store.open("jdbc:h2:file:" + storeDir.resolve("db") + ";MODE=PostgreSQL", clock, "r1");
        DriverCache drivers = new DriverCache(s -> new Drivers(Map.of(), Map.of()))) {
      new HealthSchedule(store, drivers, Optional::empty, Duration.ofMinutes(1), 4, clock)
          .apply(DesiredTree.contentOnly(storeDir));
      assertThat(applier.asked).isEmpty();
      assertThat(store.healthSamples().latest()).isEmpty();
    }
  }
}
