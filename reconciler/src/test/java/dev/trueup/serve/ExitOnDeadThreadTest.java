package dev.trueup.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A serve worker thread that dies ends the process non-zero; any other thread does not. */
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

  @ParameterizedTest
  @ValueSource(strings = {"trueup-api-7", "trueup-webhook-3", "some-library-timer"})
  void aThreadOfOneRequestOrALibraryOnlyHasItsDeathLogged(String name) throws Exception {
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    // The handler runs on the dying thread and starts nothing for a thread that is no worker:
    // once the thread has ended, nothing can exit any more.
    dieIn(name, new ExitOnDeadThread(exited::complete, exited::complete, Duration.ZERO));
    assertThat(exited).isNotDone();
  }
}
