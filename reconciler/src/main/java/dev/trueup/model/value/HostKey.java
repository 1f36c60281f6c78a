package dev.trueup.model.value;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A pinned SSH host key, from an OpenSSH public-key line {@code type base64 [comment]}. The blob is
 * checked enough to catch copy-paste mistakes: it decodes, its embedded type matches, and an
 * ed25519 key holds 32 bytes.
 *
 * @param comment the trailing comment, or "" when there is none
 */
public record HostKey(HostKeyType type, byte[] blob, String comment) {

  private static final String HINT = "paste a line from ssh-keyscan or /etc/ssh/ssh_host_*_key.pub";

  public HostKey {
    Objects.requireNonNull(type, "type");
    blob = blob.clone();
    comment = comment == null ? "" : comment;
  }

  public static Parsed<HostKey> parse(String text) {
    if (text == null || text.isBlank()) {
      return Parsed.invalid("host key is empty", HINT);
    }
    String[] fields = text.strip().split("\\s+", 3);
    HostKeyType type = HostKeyType.fromName(fields[0]);
    if (type == null) {
      return Parsed.invalid(
          "host key type \"" + fields[0] + "\" is not supported",
          "use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa");
    }
    if (fields.length < 2) {
      return Parsed.invalid("host key \"" + fields[0] + "\" has no key data", HINT);
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(fields[1]);
    } catch (IllegalArgumentException e) {
      return Parsed.invalid("host key data is not valid base64", HINT);
    }
    String embedded = embeddedType(blob);
    if (embedded == null) {
      return Parsed.invalid("host key data is truncated or corrupt", HINT);
    }
    if (!embedded.equals(type.wireName())) {
      return Parsed.invalid(
          "host key is declared as "
              + fields[0]
              + " but its data holds a key of type \""
              + embedded
              + "\"",
          "copy the whole line unchanged");
    }
    if (type == HostKeyType.ED25519 && !holdsEd25519Key(blob)) {
      return Parsed.invalid("host key data is not a 32-byte ed25519 key", HINT);
    }
    String comment = fields.length > 2 ? fields[2] : "";
    return Parsed.ok(new HostKey(type, blob, comment));
  }

  /** The first length-prefixed string of the blob, or null when the blob is too short for it. */
  private static String embeddedType(byte[] blob) {
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    byte[] first = readString(buffer);
    return first == null ? null : new String(first, StandardCharsets.US_ASCII);
  }

  private static boolean holdsEd25519Key(byte[] blob) {
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    readString(buffer);
    byte[] key = readString(buffer);
    return key != null && key.length == 32 && !buffer.hasRemaining();
  }

  private static byte[] readString(ByteBuffer buffer) {
    if (buffer.remaining() < 4) {
      return null;
    }
    int length = buffer.getInt();
    if (length < 0 || length > buffer.remaining()) {
      return null;
    }
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    return bytes;
  }

  @Override
  public byte[] blob() {
    return blob.clone();
  }

  /** OpenSSH's fingerprint, e.g. {@code SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s}. */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The key line without its comment: what a known_hosts entry carries. */
  public String keyText() {
    return type.wireName() + " " + Base64.getEncoder().encodeToString(blob);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostKey other
        && type == other.type
        && Arrays.equals(blob, other.blob)
        && comment.equals(other.comment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(blob), comment);
  }

  @Override
  public String toString() {
    return comment.isEmpty() ? keyText() : keyText() + " " + comment;
  }
}
