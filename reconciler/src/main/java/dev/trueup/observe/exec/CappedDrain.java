package dev.trueup.observe.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream to its end on its own (virtual) thread, keeping at most {@code cap} bytes. It goes
 * on reading past the cap and discards: a writer blocked on a full pipe would otherwise hang the
 * command, and a process that fills stderr must not stall its stdout.
 */
public final class CappedDrain {

  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final Thread thread;
  private final int cap;
  private volatile boolean truncated;

  private CappedDrain(InputStream in, int cap, String name) {
    this.cap = cap;
    this.thread = Thread.ofVirtual().name(name).start(() -> pump(in));
  }

  public static CappedDrain start(InputStream in, int cap, String name) {
    return new CappedDrain(in, cap, name);
  }

  private void pump(InputStream in) {
    byte[] buffer = new byte[16 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (kept) {
          int room = cap - kept.size();
          if (n > room) {
            truncated = true;
          }
          kept.write(buffer, 0, Math.max(0, Math.min(n, room)));
        }
      }
    } catch (IOException e) {
      // The stream closed under us (deadline, dropped connection): what was read is kept.
    }
  }

  /** Waits up to {@code millis} for the end of the stream; true when it was reached. */
  public boolean await(long millis) throws InterruptedException {
    return thread.join(java.time.Duration.ofMillis(Math.max(1, millis)));
  }

  public boolean truncated() {
    return truncated;
  }

  public byte[] bytes() {
    synchronized (kept) {
      return kept.toByteArray();
    }
  }
}
