package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker thread of trueup's own that dies ends the process non-zero; another thread does not. */
class ExitOnDeadThreadTest {

  private static void dieIn(String name, Thread.UncaughtExceptionHandler handler)
      throws InterruptedException {
    Thread t =
        Thread.ofPlatform()
            .name(name)
            .uncaughtExceptionHandler(handler)
            .unstarted(
                () -> {
                  throw new StackOverflowError();
                });
    t.start();
    t.join();
  }

  @Test
  void aDeadServeWorkerExitsTheProcessWithStatus70() throws Exception {
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    dieIn(
        "trueup-serve-loop",
        new ExitOnDeadThread(exited::complete, status -> {}, Duration.ofHours(1)));
    assertThat(exited.get(30, TimeUnit.SECONDS)).isEqualTo(ExitOnDeadThread.STATUS).isNotZero();
  }

  @Test
  void anExitThatHangsIsCutShortByAHalt() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CompletableFuture<Integer> halted = new CompletableFuture<>();
    dieIn(
        "trueup-pr-reports",
        new ExitOnDeadThread(
            status -> {
              try {
                never.await(); // shutdown hooks that never finish
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            halted::complete,
            Duration.ofMillis(10)));
    assertThat(halted.get(30, TimeUnit.SECONDS)).isEqualTo(ExitOnDeadThread.STATUS);
    never.countDown();
  }

  @Test
  void aLibrarysThreadOnlyHasItsDeathLogged() throws Exception {
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    // The handler runs on the dying thread and starts nothing for a thread not trueup's own:
    // once the thread has ended, nothing can exit any more.
    dieIn(
        "some-library-timer",
        new ExitOnDeadThread(exited::complete, exited::complete, Duration.ZERO));
    assertThat(exited).isNotDone();
  }
}
