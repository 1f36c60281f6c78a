package dev.trueup.engine;

import java.time.Duration;

/**
 * Timing of a loop.
 *
 * @param poll the interval between polls (jittered by ±10%)
 * @param closeWait how long {@link ServeLoop#close()} waits for the cycle in flight
 * @param queueCheck how often the wake queue is looked at without a local signal
 * @param retryDelay when deferred nodes are tried again
 */
public record LoopTiming(
    Duration poll, Duration closeWait, Duration queueCheck, Duration retryDelay) {
  /** The default poll interval. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(60);

  /** How long {@link ServeLoop#close()} waits for a cycle in flight by default. */
  public static final Duration DEFAULT_CLOSE_WAIT = Duration.ofMinutes(5);

  /** How often the shared queue is looked at for wakes other replicas received. */
  public static final Duration DEFAULT_QUEUE_CHECK = Duration.ofSeconds(2);

  /** When nodes another run held are tried again. */
  public static final Duration DEFAULT_RETRY = Duration.ofSeconds(5);

  public LoopTiming {
    poll = poll == null ? DEFAULT_POLL : poll;
    closeWait = closeWait == null ? DEFAULT_CLOSE_WAIT : closeWait;
    queueCheck = queueCheck == null ? DEFAULT_QUEUE_CHECK : queueCheck;
    retryDelay = retryDelay == null ? DEFAULT_RETRY : retryDelay;
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("the poll interval must be positive");
    }
    if (queueCheck.isNegative() || queueCheck.isZero() || retryDelay.isNegative()) {
      throw new IllegalArgumentException(
          "the queue check must be positive, the retry not negative");
    }
  }

  /** {@code interval} give or take 10%, so replicas and checks do not fall into step. */
  static Duration jittered(Duration interval) {
    double factor = 0.9 + java.util.concurrent.ThreadLocalRandom.current().nextDouble() * 0.2;
    return Duration.ofNanos((long) (interval.toNanos() * factor));
  }
}
