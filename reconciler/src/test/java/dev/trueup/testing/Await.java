package dev.trueup.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something a background thread or process does, then asserts it happened. */
public final class Await {
  private Await() {}

  public static void until(BooleanSupplier done, String what) throws InterruptedException {
    until(done, what, Duration.ofSeconds(60));
  }

  public static void until(BooleanSupplier done, String what, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(done.getAsBoolean()).as(what).isTrue();
  }
}
