package dev.trueup.serve;

import dev.trueup.engine.WorkFailure;
import java.time.Duration;
import java.util.Set;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serve's last line of defence. Every worker catches what one unit of work throws, so a worker
 * thread that still dies has lost its machinery: rather than a process that looks alive and
 * reconciles nothing, it exits with {@link #STATUS}, and the supervisor (systemd's {@code
 * Restart=always}, a pod's restart policy) starts a fresh one. Any other thread — one request's,
 * one run's heartbeat, a library's — only has its death logged, as the JVM would: it ends one unit
 * of work, and a request must never be able to stop the process.
 */
final class ExitOnDeadThread implements Thread.UncaughtExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ExitOnDeadThread.class);

  /** The exit status of a serve whose worker died ({@code EX_SOFTWARE}). */
  static final int STATUS = 70;

  /** The threads serve cannot do without; each lives as long as the process. */
  static final Set<String> WORKERS =
      Set.of("trueup-serve-loop", "trueup-pr-reports", "trueup-notify", "trueup-trigger-dispatch");

  private final IntConsumer exit;
  private final IntConsumer halt;
  private final Duration haltAfter;

  /**
   * @param exit how the process exits (running the shutdown hooks)
   * @param halt how it stops when the hooks take longer than {@code haltAfter}
   */
  ExitOnDeadThread(IntConsumer exit, IntConsumer halt, Duration haltAfter) {
    this.exit = exit;
    this.halt = halt;
    this.haltAfter = haltAfter;
  }

  /** Makes this the handler of every thread that has none of its own. */
  static void install(Duration haltAfter) {
    Thread.setDefaultUncaughtExceptionHandler(
        new ExitOnDeadThread(System::exit, Runtime.getRuntime()::halt, haltAfter));
  }

  @Override
  public void uncaughtException(Thread thread, Throwable e) {
    if (!WORKERS.contains(thread.getName())) {
      log.error("thread {} died", thread.getName(), e);
      return;
    }
    try {
      log.error(
          "thread {} died ({}); trueup exits with status {} so that it is restarted",
          thread.getName(),
          WorkFailure.reason(e),
          STATUS);
    } catch (Throwable ignored) {
      // exit regardless
    }
    // Not on the dying thread: the shutdown hooks may wait for it (the serve loop's thread).
    Thread.ofPlatform().name("exit-after-dead-thread").start(() -> exit.accept(STATUS));
    Thread.ofPlatform()
        .name("halt-after-dead-thread")
        .daemon(true)
        .start(
            () -> {
              try {
                Thread.sleep(haltAfter);
              } catch (InterruptedException stop) {
                return;
              }
              halt.accept(STATUS);
            });
  }
}
