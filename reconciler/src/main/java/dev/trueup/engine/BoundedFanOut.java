package dev.trueup.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Work on every node at once, at most {@code parallelism} in flight, each on a virtual thread (the
 * work waits on the network, not the CPU). One item's failure is its own answer, never the others':
 * what observing a fleet and sampling its health both need.
 */
public final class BoundedFanOut {
  private BoundedFanOut() {}

  /**
   * @param failed the answer for an item whose work threw (or was interrupted), with why
   * @return each item's answer, in the items' order
   */
  public static <T, R> Map<T, R> each(
      Collection<T> items,
      int parallelism,
      Function<T, R> work,
      BiFunction<T, Throwable, R> failed) {
    Semaphore slots = new Semaphore(Math.max(1, parallelism));
    Map<T, Future<R>> pending = new LinkedHashMap<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (T item : items) {
        pending.put(
            item,
            pool.submit(
                () -> {
                  slots.acquire();
                  try {
                    return work.apply(item);
                  } finally {
                    slots.release();
                  }
                }));
      }
      Map<T, R> out = new LinkedHashMap<>();
      pending.forEach((item, future) -> out.put(item, await(item, future, failed)));
      return out;
    }
  }

  private static <T, R> R await(T item, Future<R> future, BiFunction<T, Throwable, R> failed) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed.apply(item, e);
    } catch (ExecutionException e) {
      return failed.apply(item, e.getCause());
    }
  }
}
