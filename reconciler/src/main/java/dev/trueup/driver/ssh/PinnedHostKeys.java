package dev.trueup.driver.ssh;

import dev.trueup.model.value.HostKey;
import dev.trueup.model.value.HostKeyType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Accepts a host key only when it is one of the node's pinned keys, compared byte for byte. There
 * is no "accept new" and no prompt: an unknown or changed key fails the key exchange, which comes
 * before authentication, so no credential is ever offered to an impostor. The refused key's
 * fingerprint is kept for the report.
 */
final class PinnedHostKeys implements HostKeyVerifier {

  private final List<HostKey> pinned;
  private volatile String refused;

  PinnedHostKeys(List<HostKey> pinned) {
    this.pinned = List.copyOf(pinned);
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    byte[] presented = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    for (HostKey pin : pinned) {
      if (Arrays.equals(pin.blob(), presented)) {
        return true;
      }
    }
    refused = fingerprint(presented);
    return false;
  }

  /**
   * The host-key algorithms we hold pins for, so the server is asked for a key we can check (a host
   * with ed25519, ecdsa and rsa keys pinned by its rsa key must not offer ed25519 first).
   */
  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return pinned.stream().flatMap(k -> algorithms(k.type()).stream()).distinct().toList();
  }

  /** An ssh-rsa key signs as rsa-sha2-512/256 too; OpenSSH has refused plain ssh-rsa since 8.8. */
  private static List<String> algorithms(HostKeyType type) {
    return type == HostKeyType.RSA
        ? List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa")
        : List.of(type.wireName());
  }

  /** The fingerprint of the key that was refused, or null when none was. */
  String refused() {
    return refused;
  }

  List<String> expected() {
    return pinned.stream().map(HostKey::fingerprint).toList();
  }

  static String fingerprint(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
