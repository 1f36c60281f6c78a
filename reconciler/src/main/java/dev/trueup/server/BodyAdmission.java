package dev.trueup.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides in which lane a webhook body is read, and so how long it may take and what it may hold.
 *
 * <p>WHY two lanes: a signature (GitHub, Gitea, generic) is an HMAC of the body, so a body must be
 * read before anyone can tell a forge from an attacker, and what a read holds while it waits is the
 * problem: a fixed number of read permits is taken by as many connections sending a byte a second,
 * and every signed delivery then waits for them. What tells a forge apart before the signature is
 * speed: it sends its body at once. So:
 *
 * <ul>
 *   <li>the <b>patient lane</b> ({@code sharedReads} slots, at most {@code readsPerClient} per
 *       remote address) gives a body {@code bodyTimeout} (10 s) to arrive: a slow network is
 *       served, and one address can hold only its share of the slots;
 *   <li>a body that finds no slot (its address holds its share, or all are taken) is read in the
 *       <b>reserve lane</b>, which has no slots to take: it holds only the bytes that have arrived,
 *       counted against {@code reserveBytes}, and must be complete within {@code
 *       reserveBodyTimeout} (2 s). A body sent at once passes through in milliseconds however many
 *       slow ones are open, even from the same address (as when every client comes through one
 *       proxy). A slow one holds a few bytes until its deadline cuts it off. When the reserve's
 *       bytes run out (someone sends megabytes and stalls), the body is refused with 503.
 * </ul>
 *
 * Memory stays bounded as before: {@code sharedReads} × the body cap, plus {@code reserveBytes}.
 */
final class BodyAdmission {
  private final ReadLimits limits;
  private final Semaphore sharedSlots;
  private final Semaphore reserve;
  private final ConcurrentHashMap<InetAddress, Integer> slotsByClient = new ConcurrentHashMap<>();
  private final AtomicInteger reading = new AtomicInteger();

  BodyAdmission(ReadLimits limits) {
    this.limits = limits;
    this.sharedSlots = new Semaphore(limits.sharedReads());
    this.reserve = new Semaphore((int) Math.min(Integer.MAX_VALUE, limits.reserveBytes()));
  }

  /** What a body read was given: its deadline and the bytes it may hold. Close it when done. */
  sealed interface Pass extends AutoCloseable {
    Duration deadline();

    /** Counts {@code n} more bytes held; false when the lane has none left. */
    boolean take(int n);

    @Override
    void close();
  }

  /** Never refuses: a body that finds no patient slot is read in the reserve lane. */
  Pass admit(InetAddress client) {
    reading.incrementAndGet();
    if (takeClientSlot(client)) {
      if (sharedSlots.tryAcquire()) {
        return new Patient(client);
      }
      releaseClientSlot(client);
    }
    return new Reserve();
  }

  /** Bodies being read now, in either lane. */
  int reading() {
    return reading.get();
  }

  private boolean takeClientSlot(InetAddress client) {
    boolean[] taken = {false};
    slotsByClient.compute(
        client,
        (c, held) -> {
          int n = held == null ? 0 : held;
          if (n >= limits.readsPerClient()) {
            return held;
          }
          taken[0] = true;
          return n + 1;
        });
    return taken[0];
  }

  private void releaseClientSlot(InetAddress client) {
    slotsByClient.computeIfPresent(client, (c, held) -> held <= 1 ? null : held - 1);
  }

  private final class Patient implements Pass {
    private final InetAddress client;
    private boolean closed;

    Patient(InetAddress client) {
      this.client = client;
    }

    @Override
    public Duration deadline() {
      return limits.bodyTimeout();
    }

    @Override
    public boolean take(int n) {
      return true; // bounded by the slot count times the body cap
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        sharedSlots.release();
        releaseClientSlot(client);
        reading.decrementAndGet();
      }
    }
  }

  private final class Reserve implements Pass {
    private int held;
    private boolean closed;

    @Override
    public Duration deadline() {
      return limits.reserveBodyTimeout();
    }

    @Override
    public boolean take(int n) {
      if (!reserve.tryAcquire(n)) {
        return false;
      }
      held += n;
      return true;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        reserve.release(held);
        reading.decrementAndGet();
      }
    }
  }
}
