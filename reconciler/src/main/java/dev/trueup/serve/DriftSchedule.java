package dev.trueup.serve;

import dev.trueup.drift.DriftCheck;
import dev.trueup.engine.DriverCache;
import dev.trueup.engine.Wake;
import dev.trueup.engine.WorkFailure;
import dev.trueup.notify.StoreNotifier;
import dev.trueup.source.DesiredTree;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serve's drift detection, run by the loop between cycles: skipped when another replica checked
 * within half the interval; a report with drift the policy reverts queues an apply. A check that
 * fails is recorded (its run failed) and is {@link #lastFailure()}; the next one runs on time.
 */
final class DriftSchedule implements Function<DesiredTree, Optional<Wake>> {
  private static final Logger log = LoggerFactory.getLogger(DriftSchedule.class);

  private final Store store;
  private final Duration every;
  private final DriftCheck check;
  private final Clock clock;
  private volatile WorkFailure lastFailure;

  DriftSchedule(
      Store store,
      DriverCache drivers,
      Duration every,
      int parallelism,
      Duration lease,
      Optional<Path> out,
      Clock clock) {
    this.store = store;
    this.every = every;
    this.clock = clock;
    DriftCheck.Settings settings =
        DriftCheck.Settings.defaults()
            .withParallelism(parallelism)
            .withLease(lease)
            .withClock(clock)
            .withNotifier(state -> Optional.of(StoreNotifier.of(state, store)));
    this.check =
        new DriftCheck(
            new Validator(), drivers, store, out.map(settings::withOut).orElse(settings));
  }

  /** The last check that failed; a later one that works does not clear it. */
  Optional<WorkFailure> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  @Override
  public Optional<Wake> apply(DesiredTree tree) {
    if (!store
        .runs()
        .history(Optional.of(Run.Kind.DRIFT), Optional.empty(), Optional.of(skipSince()), 1)
        .isEmpty()) {
      return Optional.empty();
    }
    DriftCheck.Result result = check.run(tree);
    if (result instanceof DriftCheck.Result.Failed f) {
      log.warn("drift check failed: {}", f.reason());
      lastFailure =
          new WorkFailure("drift schedule", WorkFailure.subject(tree), f.reason(), clock.instant());
    } else if (result instanceof DriftCheck.Result.Drifted d) {
      log.info("{}", d.document().headline());
    }
    return wakeFor(result);
  }

  /** A check that started after this (on any replica) makes this one unneeded. */
  private Instant skipSince() {
    return clock.instant().minus(every.dividedBy(2));
  }

  /** Only drift the policy reverts queues an apply; flagged drift waits for a person. */
  static Optional<Wake> wakeFor(DriftCheck.Result result) {
    return result instanceof DriftCheck.Result.Drifted d && d.document().reverting() > 0
        ? Optional.of(Wake.manual("drift detected: revert what the policy allows"))
        : Optional.empty();
  }
}
