package dev.trueup.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntPredicate;

/** Reads a request body up to a cap, and stops reading the moment it passes it. */
final class CappedBody {
  /** What the buffer starts with: a declared length is a claim, not bytes that arrived. */
  private static final int INITIAL_BUFFER = 16 * 1024;

  private CappedBody() {}

  /** Thrown when the body is longer than the cap; the rest of it is never read. */
  static final class TooLarge extends IOException {
    TooLarge(long cap) {
      super("body larger than " + cap + " bytes");
    }
  }

  /** Thrown when the bytes that arrived are more than the reader may hold now. */
  static final class OverBudget extends IOException {
    OverBudget() {
      super("no room for the body's bytes");
    }
  }

  /** {@link #read(InputStream, long, long, IntPredicate)} with no budget but the cap. */
  static byte[] read(InputStream in, long declaredLength, long cap) throws IOException {
    return read(in, declaredLength, cap, n -> true);
  }

  /**
   * The body, at most {@code cap} bytes.
   *
   * @param declaredLength the Content-Length, or -1 (chunked): a larger one is refused unread
   * @param take asked for every chunk that arrived before it is kept; false stops the read
   */
  static byte[] read(InputStream in, long declaredLength, long cap, IntPredicate take)
      throws IOException {
    if (declaredLength > cap) {
      throw new TooLarge(cap);
    }
    int initial = (int) Math.min(declaredLength >= 0 ? declaredLength : INITIAL_BUFFER, cap);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.clamp(initial, 16, INITIAL_BUFFER));
    byte[] buf = new byte[8192];
    long total = 0;
    while (true) {
      // Ask for at most one byte beyond the cap: enough to know it was passed.
      int want = (int) Math.min(buf.length, cap + 1 - total);
      int n = in.read(buf, 0, want);
      if (n < 0) {
        return out.toByteArray();
      }
      total += n;
      if (total > cap) {
        throw new TooLarge(cap);
      }
      if (!take.test(n)) {
        throw new OverBudget();
      }
      out.write(buf, 0, n);
    }
  }
}
