package dev.trueup.engine;

import dev.trueup.store.Run;
import dev.trueup.store.Store;
import java.time.Duration;

/**
 * The ledger every replica shares: a revision needs a run unless some apply run already took it on
 * (running, succeeded or failed). A run whose owner stopped heart-beating is declared interrupted
 * first, so a killed replica's revision is picked up by the next cycle of another. A failed run is
 * not retried on every poll; a new commit, a manual sync or the drift schedule retries it.
 */
public final class StoreLedger implements Ledger {
  private final Store store;
  private final Duration lease;

  public StoreLedger(Store store, Duration lease) {
    this.store = store;
    this.lease = lease;
  }

  @Override
  public boolean needsRun(String revision, boolean moved) {
    store.runs().markInterrupted(lease);
    return store
        .runs()
        .latestFor(Run.Kind.APPLY, revision)
        .map(run -> run.status() == Run.Status.INTERRUPTED)
        .orElse(true);
  }
}
