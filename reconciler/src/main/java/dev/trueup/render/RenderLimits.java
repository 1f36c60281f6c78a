package dev.trueup.render;

import java.time.Duration;

/**
 * How much one rendering may take. A template is code from the repository: without bounds a loop
 * runs for hours or fills the heap, and a template that includes itself overflows the stack. Each
 * bound that is hit is a {@link Rendering.Problem#LIMIT} failure at the template's line.
 *
 * @param time wall-clock time for one rendering, parsing included
 * @param bytes the rendered output, in UTF-8 bytes
 * @param steps template elements executed; every loop iteration executes at least one, so this is
 *     the iteration cost that stops a loop whether or not it prints anything
 * @param depth elements open inside each other at once; every include and macro call opens some, so
 *     this stops recursion long before the thread's stack would overflow
 */
public record RenderLimits(Duration time, long bytes, long steps, int depth) {

  /**
   * Templates of a desired-state repository: the rendered file is capped like a desired-state file
   * (1 MiB, docs/desired-state.md). A million steps is more than a template needs to print every
   * value of the largest vars a desired-state file can hold (100,000), and ends a runaway loop in
   * well under a second. The ten seconds are for what steps cannot see (one built-in that runs
   * long); generous, so that a busy machine never fails a template that is merely slow to start.
   */
  public static final RenderLimits REPOSITORY =
      new RenderLimits(Duration.ofSeconds(10), 1L << 20, 1_000_000, 1_000);

  /** trueup's own report and notification templates, whose model can be a whole fleet. */
  public static final RenderLimits SHIPPED =
      new RenderLimits(Duration.ofSeconds(60), 64L << 20, 1_000_000_000, 1_000);

  /** A time limit as a message says it: {@code 5 s}, {@code 200 ms}. */
  static String describe(Duration time) {
    return time.toMillis() % 1000 == 0 ? time.toSeconds() + " s" : time.toMillis() + " ms";
  }

  /** A size limit as a message says it: {@code 1 MiB}, {@code 4096 bytes}. */
  static String describe(long bytes) {
    return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }
}
