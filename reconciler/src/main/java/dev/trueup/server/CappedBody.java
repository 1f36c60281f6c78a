package dev.trueup.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a cap, and stops reading the moment it passes it. */
final class CappedBody {
  private CappedBody() {}

  /** Thrown when the body is longer than the cap; the rest of it is never read. */
  static final class TooLarge extends IOException {
    TooLarge(long cap) {
      super("body larger than " + cap + " bytes");
    }
  }

  /**
   * The body, at most {@code cap} bytes.
   *
   * @param declaredLength the Content-Length, or -1 (chunked): a larger one is refused unread
   */
  static byte[] read(InputStream in, long declaredLength, long cap) throws IOException {
    if (declaredLength > cap) {
      throw new TooLarge(cap);
    }
    int initial = (int) Math.min(declaredLength >= 0 ? declaredLength : 8192, cap);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(initial, 16));
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
      out.write(buf, 0, n);
    }
  }
}
