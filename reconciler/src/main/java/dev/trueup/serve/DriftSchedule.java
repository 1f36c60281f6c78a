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
  private volatile WorkFailure lastFailure;

  DriftSchedule(
      Store store,
      DriverCache drivers,
      Duration every,
      int parallelism,
      Duration lease,
      Optional<Path> out) {
    this.store = store;
    this.every = every;
    DriftCheck.Settings settings =
        DriftCheck.Settings.defaults()
            .withParallelism(parallelism)
            .withLease(lease)
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
    Instant since = Instant.now().minus(every.dividedBy(2));
    if (!store
        .runs()
        .history(Optional.of(Run.Kind.DRIFT), Optional.empty(), Optional.of(since), 1)
        .isEmpty()) {
      return Optional.empty();
    }
    return switch (check.run(tree)) {
      case DriftCheck.Result.Clean c -> Optional.empty();
      case DriftCheck.Result.Failed f -> {
        log.warn("drift check failed: {}", f.reason());
        lastFailure =
            new WorkFailure("drift schedule", WorkFailure.subject(tree), f.reason(), Instant.now());
        yield Optional.empty();
      }
      case DriftCheck.Result.Drifted d -> {
        log.info("{}", d.document().headline());
        yield d.document().tree().path("summary").path("reverting").asInt(0) > 0
            ? Optional.of(Wake.manual("drift detected: revert what the policy allows"))
            : Optional.empty();
      }
    };
  }
}
