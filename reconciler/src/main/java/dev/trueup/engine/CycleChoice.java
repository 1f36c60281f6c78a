package dev.trueup.engine;

import dev.trueup.source.SyncResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a serve cycle chooses, apart from doing it: pure functions of the wakes, the sync's result
 * and the instants the loop keeps, so each choice is tested by value with no thread or clock.
 */
final class CycleChoice {
  private CycleChoice() {}

  /**
   * After the sync: whether the cycle goes on to the ledger, whether the source moved, and whether
   * the run is forced past the ledger.
   */
  record AfterSync(boolean proceed, boolean moved, boolean force, Optional<String> note) {
    static AfterSync stop(String why) {
      return new AfterSync(false, false, false, Optional.of(why));
    }
  }

  /**
   * @param syncedBefore whether an earlier sync succeeded (there is a last good tree)
   */
  static AfterSync afterSync(List<Wake> woken, SyncResult result, boolean syncedBefore) {
    boolean force = woken.stream().anyMatch(Wake::force);
    return switch (result) {
      // A force-push may go back to a commit a run once applied: the fleet has moved on since, so
      // the ledger's "applied" is stale. Run whatever it says.
      case SyncResult.Synced s ->
          new AfterSync(
              true,
              true,
              force || s.revision().historyRewritten(),
              s.revision().historyRewritten()
                  ? Optional.of(
                      "history was rewritten (previous "
                          + s.revision().previous().orElse("?")
                          + ")")
                  : Optional.empty());
      case SyncResult.Unchanged u -> new AfterSync(true, false, force, Optional.empty());
      // The last good tree stays in force; only a forced wake reconciles it again.
      case SyncResult.Failed f ->
          force && syncedBefore
              ? new AfterSync(true, false, true, Optional.of("sync failed: " + f.reason()))
              : AfterSync.stop("sync failed: " + f.reason());
    };
  }

  /** What the run record says asked for it: the last wake, or the poll. */
  static String trigger(List<Wake> woken) {
    return woken.isEmpty() ? "poll" : woken.getLast().reason();
  }

  /** The wake that retries the nodes another run held, if any were deferred. */
  static Optional<Wake> retry(List<String> deferred) {
    return deferred.isEmpty()
        ? Optional.empty()
        : Optional.of(Wake.manual("retry " + deferred.size() + " deferred node(s)"));
  }

  /** Until when the worker may sleep: the earliest of its three timers. */
  static Instant sleepUntil(Instant nextPoll, Instant nextQueueCheck, Instant nextScheduled) {
    Instant until = nextPoll.isBefore(nextQueueCheck) ? nextPoll : nextQueueCheck;
    return nextScheduled.isBefore(until) ? nextScheduled : until;
  }

  /** What woke the worker, once it stopped waiting at {@code now}. */
  record Due(boolean scheduled, boolean poll) {}

  static Due due(Instant now, Instant nextPoll, Instant nextScheduled) {
    return new Due(!now.isBefore(nextScheduled), !now.isBefore(nextPoll));
  }

  /** Whether the cycle has anything to do: a claimed wake, or the poll is due. */
  static boolean cycles(List<Wake> claimed, Due due) {
    return !claimed.isEmpty() || due.poll();
  }
}
