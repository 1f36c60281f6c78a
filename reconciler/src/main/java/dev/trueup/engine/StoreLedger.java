package dev.trueup.engine;

import dev.trueup.store.Run;
import dev.trueup.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The ledger every replica shares: a revision needs a run unless some apply run already took it on.
 * A run still running or that succeeded settles it. A run whose owner stopped heart-beating is
 * declared interrupted first, so a killed replica's revision is picked up by the next cycle of
 * another. A failed run is retried with a backoff that doubles with each failure in a row (1 min,
 * 2, 4, ... at most an hour), so a node that keeps failing is neither hammered nor forgotten. A
 * node that failed only because it was away is caught up sooner, by {@link CatchUp}.
 */
public final class StoreLedger implements Ledger {
  /** The wait after the first failure; it doubles with each further one. */
  public static final Duration FIRST_RETRY = Duration.ofMinutes(1);

  static final Duration LONGEST_RETRY = Duration.ofHours(1);

  private final Store store;
  private final Duration lease;
  private final Clock clock;
  private final Duration firstRetry;

  public StoreLedger(Store store, Duration lease) {
    this(store, lease, Clock.systemUTC(), FIRST_RETRY);
  }

  public StoreLedger(Store store, Duration lease, Clock clock, Duration firstRetry) {
    this.store = store;
    this.lease = lease;
    this.clock = clock;
    this.firstRetry = firstRetry;
  }

  @Override
  public boolean needsRun(String revision, boolean moved) {
    store.runs().markInterrupted(lease);
    // A catch-up applies the nodes that were away, not the revision to the fleet.
    List<Run> runs =
        store.runs().recentFor(Run.Kind.APPLY, revision, 24).stream()
            .filter(r -> !CatchUp.isCatchUp(r))
            .limit(12)
            .toList();
    if (runs.isEmpty()) {
      return true;
    }
    Run latest = runs.getFirst();
    return switch (latest.status()) {
      case RUNNING, SUCCEEDED -> false;
      case INTERRUPTED -> true;
      case FAILED -> {
        int failures = (int) runs.stream().takeWhile(r -> r.status() == Run.Status.FAILED).count();
        Instant after = latest.finishedAt().orElse(latest.startedAt()).plus(backoff(failures));
        yield !clock.instant().isBefore(after);
      }
    };
  }

  @Override
  public boolean nodesAway() {
    return !store.nodeContacts().away().isEmpty()
        || !store.nodeContacts().deferred().isEmpty()
        || !store.nodeContacts().windowDue().isEmpty();
  }

  Duration backoff(int failures) {
    Duration wait = firstRetry.multipliedBy(1L << Math.min(failures - 1, 20));
    return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
  }
}
