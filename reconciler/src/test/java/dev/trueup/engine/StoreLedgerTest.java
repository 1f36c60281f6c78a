package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a synced revision still needs an apply run, as every replica reads it from the store. */
class StoreLedgerTest {
  @TempDir Path dir;
  private Store store;
  private MovableClock clock;
  private StoreLedger ledger;

  @BeforeEach
  void open() {
    clock = new MovableClock(Instant.parse("2026-11-22T08:00:00Z"));
    store =
        Store.open(
            dev.trueup.store.StoreLocation.resolve(dir.toString(), java.util.Map.of()), clock, "t");
    ledger = new StoreLedger(store, Duration.ofMinutes(2), clock, Duration.ofMinutes(1));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void run(String revision, Run.Status status) {
    Run r = store.runs().start("test", revision);
    if (status != Run.Status.RUNNING) {
      store.runs().finish(r.id(), status, status.name());
    }
  }

  @Test
  void aRevisionNoRunTookOnNeedsOneAndARunningOrSucceededOneSettlesIt() {
    assertThat(ledger.needsRun("r1", true)).isTrue();
    run("r1", Run.Status.RUNNING);
    assertThat(ledger.needsRun("r1", false)).as("another replica is on it").isFalse();
    run("r2", Run.Status.SUCCEEDED);
    assertThat(ledger.needsRun("r2", true)).isFalse();
    run("r3", Run.Status.INTERRUPTED);
    assertThat(ledger.needsRun("r3", false)).as("its owner was killed").isTrue();
  }

  @Test
  void aFailedRevisionIsRetriedWithADoublingBackoff() {
    run("r", Run.Status.FAILED);
    assertThat(ledger.needsRun("r", false)).isFalse();
    clock.advance(Duration.ofSeconds(61));
    assertThat(ledger.needsRun("r", false)).as("a minute after the first failure").isTrue();

    run("r", Run.Status.FAILED);
    clock.advance(Duration.ofSeconds(61));
    assertThat(ledger.needsRun("r", false)).as("two failures: two minutes").isFalse();
    clock.advance(Duration.ofSeconds(60));
    assertThat(ledger.needsRun("r", false)).isTrue();

    assertThat(ledger.backoff(30)).isEqualTo(Duration.ofHours(1));
    run("r", Run.Status.SUCCEEDED);
    assertThat(ledger.needsRun("r", false)).isFalse();
  }
}
