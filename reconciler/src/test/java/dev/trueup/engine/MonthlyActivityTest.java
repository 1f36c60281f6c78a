package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.source.DesiredTree;
import dev.trueup.store.MonthlyActivity;
import dev.trueup.store.Store;
import dev.trueup.testing.MovableClock;
import dev.trueup.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monthly report's figures read back from what real runs recorded in the store. */
class MonthlyActivityTest {
  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;

  @Test
  void changesAppliedInTheMonthAreCountedByClassAndNothingOutsideIt() throws Exception {
    MovableClock clock = new MovableClock(Instant.parse("2026-11-10T12:00:00Z"));
    try (Store store =
        Store.open("jdbc:h2:file:" + storeDir.resolve("db") + ";MODE=PostgreSQL", clock, "r1")) {
      Files.createDirectories(repo.resolve("nodes"));
      Files.writeString(repo.resolve("fleet.yaml"), "fleet: m\nenvironments: [development]\n");
      Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply}\n");
      Files.writeString(
          repo.resolve("nodes/box.yaml"),
          """
          node: box
          environment: development
          connection: {driver: local, root: %s}
          files:
            /etc/a.conf: {content: "a\\n", mode: "0644"}
            /etc/b.conf: {content: "b\\n", mode: "0644"}
          """
              .formatted(sandbox));
      ApplyPipeline pipeline =
          new ApplyPipeline(new Validator(clock), Drivers::standard, store, Progress.NONE);
      ApplyRun run = pipeline.run(DesiredTree.of(repo), ApplyPipeline.Options.everything(2));
      assertThat(run.failed()).as(run.toString()).isFalse();

      MonthlyActivity.Activity november =
          store
              .monthlyActivity()
              .between(
                  Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
      assertThat(november.appliedByClass().values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(2);
      assertThat(november.reverted()).isZero();
      MonthlyActivity.Activity october =
          store
              .monthlyActivity()
              .between(
                  Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));
      assertThat(october.appliedByClass()).isEmpty();
      assertThat(october.approvals()).isEmpty();
      clock.advance(Duration.ofDays(1));
    }
  }
}
