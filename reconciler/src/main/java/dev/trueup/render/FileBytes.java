package dev.trueup.render;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A desired file's exact bytes, never changed after they are given, with their SHA-256 worked out
 * once: a plan compares, fingerprints and keys every file by it several times, and serve plans the
 * same revision again and again.
 */
public final class FileBytes {
  private final byte[] bytes;
  private final String sha256;

  public FileBytes(byte[] bytes) {
    this.bytes = bytes.clone();
    this.sha256 = sha256(this.bytes);
  }

  public byte[] copy() {
    return bytes.clone();
  }

  public String sha256() {
    return sha256;
  }

  public String text(java.nio.charset.Charset charset) {
    return new String(bytes, charset);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileBytes f && sha256.equals(f.sha256) && Arrays.equals(bytes, f.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
