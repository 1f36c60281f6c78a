package dev.trueup.engine;

import dev.trueup.store.Run;
import dev.trueup.store.Store;
import java.time.Duration;
import java.util.function.Function;

/**
 * One run's life in the store, the same for an apply, a drift check and a pull-request report: kept
 * alive by heartbeats every quarter of the lease while it works (so no replica takes it for killed,
 * however long it takes), and finished exactly once — with its own ending, or failed with a short
 * reason when the work throws, an {@link Error} too, so that no run is left "running" for the lease
 * to find.
 */
public final class RunScope {
  private RunScope() {}

  /** How a run's work ended: what it returns, and what the run record says. */
  public record Ending<T>(T value, Run.Status status, String summary) {}

  /**
   * Does {@code work} for the started {@code run}.
   *
   * @param lease the lease other runs hold this one to ({@code --run-lease})
   * @param failure the record's summary when the work throws
   * @return the work's value; what the work threw is thrown on, after the run is recorded failed
   */
  public static <T> T run(
      Store store,
      Run run,
      Duration lease,
      Function<Run, Ending<T>> work,
      Function<Throwable, String> failure) {
    RunHeartbeat heartbeat = RunHeartbeat.start(store, run.id(), lease.dividedBy(4));
    try {
      Ending<T> ending = work.apply(run);
      store.runs().finish(run.id(), ending.status(), ending.summary());
      return ending.value();
    } catch (RuntimeException | Error e) {
      try {
        store.runs().finish(run.id(), Run.Status.FAILED, failure.apply(e));
      } catch (RuntimeException notRecorded) {
        // The store is down: the lease marks the run interrupted later.
        e.addSuppressed(notRecorded);
      }
      throw e;
    } finally {
      heartbeat.close();
    }
  }
}
