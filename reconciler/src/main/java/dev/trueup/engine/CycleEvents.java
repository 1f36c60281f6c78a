package dev.trueup.engine;

import dev.trueup.source.SyncResult;
import java.time.Duration;
import java.time.Instant;

/** What a cycle did, for metrics and logs; every method may be left out. */
public interface CycleEvents {
  CycleEvents NONE = new CycleEvents() {};

  /** A sync ended (successfully or not) at {@code at}. */
  default void synced(SyncResult result, Instant at) {}

  /** An apply ran over the synced tree. */
  default void applied(ApplyRun run, Duration took) {}

  /** An apply threw (an exception or an error) instead of returning a run. */
  default void crashed(Throwable e) {}
}
