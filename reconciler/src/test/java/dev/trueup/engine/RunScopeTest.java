package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.store.Run;
import dev.trueup.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's life in the embedded store: beaten while it works, finished exactly once. */
class RunScopeTest {
  @TempDir Path dir;
  private Store store;

  @BeforeEach
  void open() {
    store = Store.openEmbedded(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Run status(Run run) {
    return store.runs().find(run.id()).orElseThrow();
  }

  @Test
  void aRunLongerThanItsLeaseIsNotTakenForKilled() {
    // Drift checks beat every 30 s and report runs not at all, so with a lease shorter than that
    // another replica declared them interrupted while they worked.
    Duration lease = Duration.ofMillis(1500);
    Run run = store.runs().start(Run.Kind.DRIFT, "test", null);
    List<Run> markedWhileWorking =
        RunScope.run(
            store,
            run,
            lease,
            r -> {
              try {
                Thread.sleep(2 * lease.toMillis()); // beats every 375 ms meanwhile
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return new RunScope.Ending<>(
                  store.runs().markInterrupted(lease), Run.Status.SUCCEEDED, "clean");
            },
            e -> "failed");
    assertThat(markedWhileWorking).isEmpty();
    assertThat(status(run).status()).isEqualTo(Run.Status.SUCCEEDED);
    assertThat(status(run).summary()).contains("clean");
  }

  /** An exception or an Error (a template that includes itself overflows the stack). */
  static java.util.stream.Stream<Throwable> failures() {
    return java.util.stream.Stream.of(new IllegalStateException("boom"), new StackOverflowError());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("failures")
  void workThatThrowsIsRecordedFailedOnceAndThrownOn(Throwable thrown) {
    Run run = store.runs().start(Run.Kind.REPORT, "test", null);
    assertThatThrownBy(
            () ->
                RunScope.run(
                    store,
                    run,
                    Duration.ofMinutes(2),
                    r -> {
                      if (thrown instanceof Error e) {
                        throw e;
                      }
                      throw (RuntimeException) thrown;
                    },
                    e -> "pull request 7: " + e.getClass().getSimpleName()))
        .isSameAs(thrown);
    assertThat(status(run).status()).isEqualTo(Run.Status.FAILED);
    assertThat(status(run).summary())
        .contains("pull request 7: " + thrown.getClass().getSimpleName());
  }
}
