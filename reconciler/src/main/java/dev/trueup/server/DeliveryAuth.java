package dev.trueup.server;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a delivery comes from the forge: in two steps, so that what can be refused on the headers
 * alone is refused before a byte of the body is read.
 *
 * <p>Before the body: the signature header must be there and well formed (an HMAC of SHA-256 is 64
 * hex digits); GitLab's token is the secret itself, so a GitLab delivery is authenticated here; a
 * generic delivery's timestamp must be within the allowed skew. After the body: the HMAC over the
 * raw bytes, in constant time.
 */
final class DeliveryAuth {
  private static final Pattern HEX_256 = Pattern.compile("[0-9a-fA-F]{64}");

  private final Clock clock;
  private final Duration maxClockSkew;

  DeliveryAuth(Clock clock, Duration maxClockSkew) {
    this.clock = clock;
    this.maxClockSkew = maxClockSkew;
  }

  /** Why the delivery is refused on its headers alone; empty if its body is worth reading. */
  Optional<String> refuseOnHeaders(Forge forge, byte[] secret, Headers h) {
    return switch (forge) {
      case GITHUB ->
          hex(prefixed(h.getFirst("X-Hub-Signature-256")))
              ? Optional.empty()
              : Optional.of("missing or malformed X-Hub-Signature-256");
      case GITLAB ->
          Signatures.tokenMatches(h.getFirst("X-Gitlab-Token"), secret)
              ? Optional.empty()
              : Optional.of("X-Gitlab-Token missing or wrong");
      case GITEA ->
          hex(giteaSignature(h))
              ? Optional.empty()
              : Optional.of("missing or malformed X-Gitea-Signature");
      case GENERIC -> refuseGenericHeaders(h);
    };
  }

  /** Why the delivery is refused once its body is read; empty if it is the forge's. */
  Optional<String> refuseOnBody(Forge forge, byte[] secret, Headers h, byte[] body) {
    return switch (forge) {
      case GITHUB ->
          Signatures.hexMatches(
                  prefixed(h.getFirst("X-Hub-Signature-256")), Signatures.hmacSha256(secret, body))
              ? Optional.empty()
              : Optional.of("X-Hub-Signature-256 does not match");
      case GITLAB -> Optional.empty(); // the token was checked on the headers
      case GITEA ->
          Signatures.hexMatches(giteaSignature(h), Signatures.hmacSha256(secret, body))
              ? Optional.empty()
              : Optional.of("X-Gitea-Signature does not match");
      case GENERIC -> {
        String ts = h.getFirst("X-Trueup-Timestamp").trim();
        byte[] signed = (ts + ".").getBytes(StandardCharsets.US_ASCII);
        yield Signatures.hexMatches(
                prefixed(h.getFirst("X-Trueup-Signature")),
                Signatures.hmacSha256(secret, signed, body))
            ? Optional.empty()
            : Optional.of("X-Trueup-Signature does not match");
      }
    };
  }

  private Optional<String> refuseGenericHeaders(Headers h) {
    String ts = h.getFirst("X-Trueup-Timestamp");
    if (!hex(prefixed(h.getFirst("X-Trueup-Signature"))) || ts == null) {
      return Optional.of("missing X-Trueup-Signature or X-Trueup-Timestamp");
    }
    long seconds;
    try {
      seconds = Long.parseLong(ts.trim());
    } catch (NumberFormatException e) {
      return Optional.of("X-Trueup-Timestamp is not Unix seconds");
    }
    // Checked before the signature: a timestamp out of range is refused whoever signed it.
    long now = clock.instant().getEpochSecond();
    long skew = maxClockSkew.toSeconds();
    if (seconds < now - skew || seconds > now + skew) {
      return Optional.of(
          "X-Trueup-Timestamp is more than " + skew + " s away from the server's clock");
    }
    return Optional.empty();
  }

  /** Forgejo sends both; when its own header is there, it is the one checked. */
  private static String giteaSignature(Headers h) {
    String sig = h.getFirst("X-Forgejo-Signature");
    return sig != null ? sig : h.getFirst("X-Gitea-Signature");
  }

  /** The hex of a {@code sha256=<hex>} header; null if it is missing or has no such prefix. */
  private static String prefixed(String header) {
    return header != null && header.startsWith("sha256=") ? header.substring(7) : null;
  }

  private static boolean hex(String s) {
    return s != null && HEX_256.matcher(s.trim()).matches();
  }
}
