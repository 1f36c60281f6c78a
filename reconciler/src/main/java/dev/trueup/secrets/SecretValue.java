package dev.trueup.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A resolved secret. It prints as {@code [secret]} so that no log line, exception message or report
 * can carry the value by accident; {@link #reveal()} is the one deliberate way out.
 */
public final class SecretValue {

  private final byte[] bytes;

  private SecretValue(byte[] bytes) {
    this.bytes = bytes;
  }

  public static SecretValue of(byte[] bytes) {
    return new SecretValue(bytes.clone());
  }

  public static SecretValue of(String text) {
    return new SecretValue(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The value as text, for the one call that needs it (e.g. loading an SSH key). */
  public String reveal() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public byte[] revealBytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    // Constant-time, so comparing secrets leaks nothing through timing.
    return o instanceof SecretValue other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "[secret]";
  }
}
