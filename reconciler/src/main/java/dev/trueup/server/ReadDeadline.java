package dev.trueup.server;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off a body read that outlives its deadline.
 *
 * <p>WHY an interrupt: the JDK server hands a handler a stream over a blocking channel that has no
 * read timeout. Interrupting the thread blocked in that read closes the channel (the channel is
 * interruptible), which is the one way to stop it: the read then throws and the client's connection
 * is gone. It is never answered — a client too slow to send its body would not read an answer.
 */
final class ReadDeadline implements AutoCloseable {
  private final Thread reader;
  private final ScheduledFuture<?> alarm;
  private boolean reading = true;
  private boolean expired;

  private ReadDeadline(Thread reader, ScheduledExecutorService timer, Duration after) {
    this.reader = reader;
    this.alarm = timer.schedule(this::expire, after.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Starts the deadline of a read the calling thread is about to make. */
  static ReadDeadline start(ScheduledExecutorService timer, Duration after) {
    return new ReadDeadline(Thread.currentThread(), timer, after);
  }

  private synchronized void expire() {
    if (reading) {
      expired = true;
      reader.interrupt();
    }
  }

  /**
   * Ends the read (on the reading thread). Once this returns no interrupt can come any more; the
   * one the deadline sent, if any, is cleared.
   *
   * @return whether the deadline passed before the read ended
   */
  synchronized boolean finish() {
    if (reading) {
      reading = false;
      alarm.cancel(false);
      if (expired) {
        Thread.interrupted();
      }
    }
    return expired;
  }

  @Override
  public void close() {
    finish();
  }
}
