package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.DesiredState;
import dev.trueup.source.DesiredTree;
import dev.trueup.source.Revision;
import dev.trueup.source.SyncResult;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.testing.Await;
import dev.trueup.testing.Commits;
import dev.trueup.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The serve loop when a revision's processing throws — an exception, or an error such as the {@link
 * StackOverflowError} of a template that includes itself: the run is recorded failed with a short
 * reason, the loop says what failed, the failed revision is not run again on every poll, and the
 * next cycle applies. Failures are injected where a revision's processing really runs: in the
 * drivers the pipeline opens, inside the apply run.
 */
class ServeLoopFailuresTest {
  private static final Duration LONG = Duration.ofHours(1);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;
  private Store store;
  private ServeLoop loop;
  private String commit;

  /** How many times the pipeline opened its drivers. */
  private final AtomicInteger opened = new AtomicInteger();

  @BeforeEach
  void fleet() throws Exception {
    store = Store.openEmbedded(storeDir);
    Files.createDirectories(repo.resolve("nodes"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: dev
        environments: [development]
        defaults:
          files:
            /etc/motd: {content: "hello\\n", mode: "0644"}
        """);
    Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply}\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n"
            .formatted(sandbox));
    // A clean work tree: its revision is the commit, as a Git source's is.
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      commit = Commits.all(git, "feat: motd");
    }
  }

  @AfterEach
  void close() {
    if (loop != null) {
      loop.close();
    }
    store.close();
  }

  static Stream<Throwable> failures() {
    return Stream.of(
        new StackOverflowError(),
        new IllegalStateException("a driver bug"),
        new OutOfMemoryError("Java heap space"));
  }

  /** Drivers whose first {@code failing} openings throw {@code failure}. */
  private Function<DesiredState, Drivers> drivers(int failing, Throwable failure) {
    return state -> {
      if (opened.incrementAndGet() <= failing) {
        throw sneaky(failure);
      }
      return Drivers.standard(state);
    };
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }

  private ServeLoop loop(
      Supplier<SyncResult> sync, Duration poll, Function<DesiredState, Drivers> drivers) {
    return loop(sync, poll, drivers, new InMemoryWakeQueue(java.time.Clock.systemUTC()));
  }

  private ServeLoop loop(
      Supplier<SyncResult> sync,
      Duration poll,
      Function<DesiredState, Drivers> drivers,
      WakeQueue wakes) {
    loop =
        new ServeLoop(
            sync,
            () -> DesiredTree.of(repo),
            () -> new ApplyPipeline(new Validator(), drivers, store, Progress.NONE),
            ApplyPipeline.Options.everything(1),
            CycleEvents.NONE,
            new LoopTiming(poll, WAIT, Duration.ofMillis(20), Duration.ofMillis(50)),
            wakes,
            new StoreLedger(store, Duration.ofMinutes(2)),
            null);
    return loop;
  }

  private SyncResult.Unchanged unchanged() {
    return new SyncResult.Unchanged(
        new Revision(commit, "refs/heads/main", Optional.empty(), false));
  }

  private String motd() throws Exception {
    Path p = sandbox.resolve("etc/motd");
    return Files.exists(p) ? Files.readString(p) : "<missing>";
  }

  @ParameterizedTest
  @MethodSource("failures")
  void aRevisionWhoseProcessingThrowsFailsItsRunAndTheNextCycleApplies(Throwable failure)
      throws Exception {
    ServeLoop l = loop(this::unchanged, LONG, drivers(1, failure)).start();
    l.trigger("first");
    Await.until(() -> l.applies() >= 1 && !l.busy(), "the first cycle");

    assertThat(l.died()).as("the worker lives on").isFalse();
    List<Run> runs = store.runs().recent(5);
    assertThat(runs).hasSize(1);
    Run failed = runs.getFirst();
    assertThat(failed.status()).isEqualTo(Run.Status.FAILED);
    assertThat(failed.desiredRevision()).contains(commit);
    assertThat(failed.summary().orElseThrow())
        .startsWith("failed: " + failure.getClass().getSimpleName())
        .doesNotContain("\n", "at dev.trueup");
    WorkFailure last = l.lastFailure().orElseThrow();
    assertThat(last.subject()).isEqualTo("revision " + commit);
    assertThat(last.reason()).startsWith(failure.getClass().getSimpleName());
    assertThat(motd()).isEqualTo("<missing>");

    l.trigger("second");
    Await.until(() -> l.applies() >= 2 && !l.busy(), "the second cycle");
    assertThat(store.runs().recent(5).getFirst().status()).isEqualTo(Run.Status.SUCCEEDED);
    assertThat(motd()).isEqualTo("hello\n");
  }

  @Test
  void aFailedRevisionIsNotRunAgainOnEveryPoll() throws Exception {
    // Every poll finds the source where it was; only the ledger decides whether to run again.
    ServeLoop l =
        loop(this::unchanged, Duration.ofMillis(20), drivers(100, new IllegalStateException()))
            .start();
    Await.until(() -> l.applies() >= 1, "the first poll's run");
    long cycles = l.cycles();
    Await.until(() -> l.cycles() >= cycles + 10, "ten more polls");

    assertThat(l.applies()).as("the failed run's backoff holds").isEqualTo(1);
    assertThat(store.runs().recentFor(Run.Kind.APPLY, commit, 10))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(Run.Status.FAILED));
  }

  @Test
  void aScheduledCheckThatOverflowsTheStackEndsThatCheckOnly() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    ServeLoop l =
        loop(this::unchanged, LONG, Drivers::standard)
            .schedule(
                Duration.ofMillis(50),
                tree -> {
                  checks.incrementAndGet();
                  throw new StackOverflowError();
                });
    l.start();
    l.trigger("startup"); // the first sync: a check needs a synced tree
    Await.until(() -> checks.get() >= 2, "two checks");
    assertThat(l.died()).isFalse();
    assertThat(l.lastFailure().orElseThrow().subject()).isEqualTo("the scheduled check");

    l.trigger("after the checks");
    Await.until(() -> l.applies() >= 2 && !l.busy(), "a cycle after the checks");
    assertThat(motd()).isEqualTo("hello\n");
  }

  @Test
  void aLoopWhoseOwnMachineryFailsSaysItDied() throws Exception {
    WakeQueue broken =
        new WakeQueue() {
          @Override
          public void offer(Wake wake, Duration delay) {}

          @Override
          public List<Claimed> claim() {
            throw new AssertionError("the queue's code is broken");
          }

          @Override
          public void done(List<Claimed> claimed) {}
        };
    ServeLoop l = loop(this::unchanged, LONG, Drivers::standard, broken).start();
    l.trigger("wake");
    assertThat(l.awaitStopped(WAIT)).as("the worker ended").isTrue();
    assertThat(l.died()).as("and not because it was asked to").isTrue();
  }
}
