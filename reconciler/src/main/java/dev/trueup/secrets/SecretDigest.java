package dev.trueup.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a plan may show of a secret file's content: a prefix of a keyed digest (HMAC-SHA256) of the
 * content's SHA-256, so a person can tell "the secret changed from a1b2… to c3d4…" and recognise a
 * value they rotated back to, while nobody who reads a plan, a pull-request report or the store can
 * test a guess against it without the key. Unkeyed, a short prefix of a plain hash of a short
 * password is enough to brute-force it.
 *
 * <p>The key is the installation's: {@code TRUEUP_DIGEST_KEY} (at least 16 characters; set it to
 * one value on every replica and in pull-request CI so their digests agree), else a file of 32
 * random bytes created with mode 0600 on first use at {@code $XDG_STATE_HOME/trueup/digest.key}
 * (default {@code ~/.local/state/trueup/digest.key}). Where neither can be had, no digest is shown,
 * only that the secret changed.
 */
public final class SecretDigest {
  /** Hex digits shown: 48 bits, enough to tell rotations apart, keyed so they reveal nothing. */
  static final int SHOWN = 12;

  static final String VARIABLE = "TRUEUP_DIGEST_KEY";

  private final Optional<byte[]> key;

  private SecretDigest(Optional<byte[]> key) {
    this.key = key.map(byte[]::clone);
  }

  /** No key: plans say only that a secret changed. */
  public static final SecretDigest NONE = new SecretDigest(Optional.empty());

  public static SecretDigest of(byte[] key) {
    return new SecretDigest(Optional.of(key));
  }

  /** The installation's key, from the process environment or the state directory. */
  public static SecretDigest installation() {
    return installation(System.getenv());
  }

  static SecretDigest installation(Map<String, String> environment) {
    String given = environment.get(VARIABLE);
    if (given != null) {
      if (given.length() < 16) {
        throw new IllegalArgumentException(
            VARIABLE + " must be at least 16 characters (it keys the digests plans show)");
      }
      return of(given.getBytes(StandardCharsets.UTF_8));
    }
    try {
      return of(keyFile(stateDirectory(environment).resolve("trueup").resolve("digest.key")));
    } catch (IOException | UncheckedIOException e) {
      // A read-only home (a locked-down container): plans still work, without digests.
      return NONE;
    }
  }

  private static Path stateDirectory(Map<String, String> environment) {
    String xdg = environment.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg);
    }
    return Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")))
        .resolve(".local")
        .resolve("state");
  }

  private static byte[] keyFile(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      return Files.readAllBytes(file);
    }
    Files.createDirectories(file.getParent());
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    Path temporary = Files.createTempFile(file.getParent(), ".digest", ".key");
    try {
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      Files.write(temporary, fresh);
      // Two processes starting at once: the first key stays, both use it.
      Files.move(temporary, file);
      return fresh;
    } catch (FileAlreadyExistsException e) {
      return Files.readAllBytes(file);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * The shown prefix for content of this SHA-256 (hex), e.g. {@code hmac:3f9a0c12be47}; empty
   * without a key.
   */
  public Optional<String> of(String sha256) {
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
      byte[] out =
          mac.doFinal(
              sha256.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
      return Optional.of("hmac:" + HexFormat.of().formatHex(out).substring(0, SHOWN));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return key.isPresent() ? "SecretDigest[keyed]" : "SecretDigest[none]";
  }
}
