package dev.trueup.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The wake queue of one process (tests, and a loop that shares no store). */
public final class InMemoryWakeQueue implements WakeQueue {
  private record Queued(long id, Wake wake, Instant due) {}

  private final Clock clock;
  private final List<Queued> queued = new ArrayList<>();
  private long next;

  public InMemoryWakeQueue(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void offer(Wake wake, Duration delay) {
    queued.add(new Queued(++next, wake, clock.instant().plus(delay)));
  }

  @Override
  public synchronized List<Claimed> claim() {
    Instant now = clock.instant();
    List<Claimed> out = new ArrayList<>();
    queued.removeIf(
        q -> {
          if (q.due().isAfter(now)) {
            return false;
          }
          out.add(new Claimed(q.id(), q.wake()));
          return true;
        });
    return out;
  }

  @Override
  public void done(List<Claimed> claimed) {}
}
