package dev.trueup.server;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What open dashboard tabs hear: a run ended. One bounded queue per tab (a tab that stops reading
 * loses events, not memory), and at most {@link #MAX_TABS} tabs at once, so tabs left open cannot
 * load serve; the reconciler only offers, it never waits for a tab.
 */
public final class DashboardEvents implements AutoCloseable {
  static final int MAX_TABS = 500;
  private static final int QUEUE = 8;
  static final String CLOSED = "";

  private final Set<BlockingQueue<String>> tabs = ConcurrentHashMap.newKeySet();

  /** A tab's queue; empty when {@link #MAX_TABS} are open. */
  Optional<BlockingQueue<String>> subscribe() {
    if (tabs.size() >= MAX_TABS) {
      return Optional.empty();
    }
    BlockingQueue<String> q = new ArrayBlockingQueue<>(QUEUE);
    tabs.add(q);
    return Optional.of(q);
  }

  void unsubscribe(BlockingQueue<String> q) {
    tabs.remove(q);
  }

  int open() {
    return tabs.size();
  }

  /** Tells every tab; a tab whose queue is full misses it (it reloads on the next one anyway). */
  public void publish(String json) {
    tabs.forEach(q -> q.offer(json));
  }

  @Override
  public void close() {
    tabs.forEach(
        q -> {
          q.clear();
          q.offer(CLOSED);
        });
  }
}
