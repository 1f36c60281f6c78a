package dev.trueup.server;

import dev.trueup.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Whether this replica should receive work: {@code /readyz} answers 200 when it is ready. */
public record Readiness(boolean ready, String detail) {
  public static Readiness ready(String detail) {
    return new Readiness(true, detail);
  }

  public static Readiness notReady(String detail) {
    return new Readiness(false, detail);
  }

  /**
   * The same readiness with {@code notes} as further lines of its detail: what failed last. They do
   * not change {@link #ready()}: a replica that failed one revision fails it like any other would,
   * and taking it out of the Service would keep out the webhook of the fix.
   */
  public Readiness noting(List<String> notes) {
    if (notes.isEmpty()) {
      return this;
    }
    return new Readiness(ready, detail + "\n" + String.join("\n", notes));
  }

  /**
   * Ready when the store answers a query and the last Git sync is at most {@code maxAge} old.
   *
   * @param lastGitSync when the desired state was last fetched; empty before the first fetch
   */
  public static Supplier<Readiness> storeAndGit(
      Store store, Supplier<Optional<Instant>> lastGitSync, Duration maxAge, Clock clock) {
    return () -> {
      try {
        store.runs().recent(1);
      } catch (RuntimeException e) {
        return notReady("the store does not answer");
      }
      Optional<Instant> last = lastGitSync.get();
      if (last.isEmpty()) {
        return notReady("the desired state has not been fetched yet");
      }
      Duration age = Duration.between(last.get(), clock.instant());
      if (age.compareTo(maxAge) > 0) {
        return notReady("the desired state was last fetched " + age.toSeconds() + "s ago");
      }
      return ready("store answers; desired state fetched " + age.toSeconds() + "s ago");
    };
  }
}
