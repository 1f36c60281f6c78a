package dev.trueup.render;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs each rendering on a thread of its own and waits for it no longer than its time limit.
 *
 * <p>WHY a thread: {@link RenderGuard} stops a rendering at its next element, which ends every
 * loop, but one built-in can run long with no element in between ({@code (1..2000000000)?filter(x
 * -> false)?size}), and FreeMarker has no hook inside built-ins. The caller still gets its answer
 * when the time is up; the rendering is interrupted and left to finish on its own (Java can no
 * longer kill a thread), and since such a built-in can iterate at most 2^31 times it does finish.
 * So that these leftovers cannot pile up, at most {@code maxOverdue} may run at once: past that, a
 * rendering is refused at once instead of started. Platform threads, not virtual ones: a runaway
 * loop never yields, and would hold one of the few carrier threads every virtual thread shares. A
 * stack of a set size makes the depth bound ({@link RenderLimits#depth()}) safe whatever -Xss says.
 */
final class RenderThreads {
  /** The threads every renderer shares, so that the bound on leftovers holds process-wide. */
  static final RenderThreads SHARED = new RenderThreads(4);

  private static final long STACK_BYTES = 4L << 20;
  private static final int RUNNING = 0;
  private static final int DONE = 1;
  private static final int ABANDONED = 2;

  private final int maxOverdue;
  private final AtomicInteger overdue = new AtomicInteger();
  private final AtomicLong created = new AtomicLong();
  private final ExecutorService pool =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          work -> {
            Thread t =
                new Thread(null, work, "trueup-render-" + created.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
          });

  RenderThreads(int maxOverdue) {
    this.maxOverdue = maxOverdue;
  }

  /** Renderings still running after their caller stopped waiting. */
  int overdue() {
    return overdue.get();
  }

  /**
   * @param late what the caller gets when {@code work} is still running after {@code wait}
   * @param busy what the caller gets when too many earlier renderings are still running
   */
  Rendering run(
      Callable<Rendering> work, Duration wait, Supplier<Rendering> late, Supplier<Rendering> busy) {
    if (overdue.get() >= maxOverdue) {
      return busy.get();
    }
    AtomicInteger state = new AtomicInteger(RUNNING);
    Future<Rendering> future =
        pool.submit(
            () -> {
              try {
                return work.call();
              } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                  overdue.decrementAndGet();
                }
              }
            });
    try {
      return future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return abandon(future, state, late);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return abandon(future, state, late);
    } catch (ExecutionException e) {
      // work turns every exception, and the errors a rendering can cause, into a Rendering.
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("rendering failed", e.getCause());
    }
  }

  private Rendering abandon(
      Future<Rendering> future, AtomicInteger state, Supplier<Rendering> late) {
    overdue.incrementAndGet();
    if (state.compareAndSet(RUNNING, ABANDONED)) {
      future.cancel(true);
      return late.get();
    }
    overdue.decrementAndGet();
    try {
      return future.get();
    } catch (InterruptedException | ExecutionException e) {
      return late.get();
    }
  }
}
