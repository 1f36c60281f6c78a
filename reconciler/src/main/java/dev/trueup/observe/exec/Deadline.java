package dev.trueup.observe.exec;

import java.time.Duration;

/** A point in time a step must finish by, measured on the monotonic clock. */
public record Deadline(long nanos) {

  public static Deadline in(Duration duration) {
    return new Deadline(System.nanoTime() + duration.toNanos());
  }

  public long remainingMillis() {
    return Math.max(0, (nanos - System.nanoTime()) / 1_000_000);
  }

  public boolean passed() {
    return System.nanoTime() - nanos >= 0;
  }
}
