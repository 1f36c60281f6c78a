package dev.trueup.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and constant-time comparison, over raw bytes. */
public final class Signatures {
  private static final HexFormat HEX = HexFormat.of();

  private Signatures() {}

  /** HMAC-SHA256 of {@code parts} (concatenated) under {@code secret}. */
  public static byte[] hmacSha256(byte[] secret, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Lower-case hex of an HMAC-SHA256, as GitHub and Gitea send it. */
  public static String hmacHex(byte[] secret, byte[]... parts) {
    return HEX.formatHex(hmacSha256(secret, parts));
  }

  /**
   * Whether a hex signature a sender gave equals the expected MAC, in time independent of where
   * they differ. Malformed hex is simply unequal.
   */
  public static boolean hexMatches(String givenHex, byte[] expected) {
    if (givenHex == null) {
      return false;
    }
    byte[] given;
    try {
      given = HEX.parseHex(givenHex.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, expected);
  }

  /** Whether a shared token a sender gave equals the configured one, in constant time. */
  public static boolean tokenMatches(String given, byte[] expected) {
    if (given == null) {
      return false;
    }
    // Compare digests so neither the content nor the length leaks through timing.
    return MessageDigest.isEqual(sha256(given.getBytes(StandardCharsets.UTF_8)), sha256(expected));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static String sha256Hex(byte[] data) {
    return HEX.formatHex(sha256(data));
  }
}
