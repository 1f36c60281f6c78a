package dev.trueup.notify;

import dev.trueup.secrets.SecretValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic webhook: POST the message's JSON, signed so a receiver can tell it came from trueup and
 * was not replayed.
 *
 * <pre>
 * X-Trueup-Timestamp: 1795000000                      (Unix seconds)
 * X-Trueup-Signature: sha256=hex(HMAC-SHA256(key, timestamp + "." + raw body))
 * </pre>
 *
 * A receiver recomputes the HMAC over the timestamp header, a dot and the raw body bytes, compares
 * in constant time, and rejects timestamps more than five minutes from its clock.
 */
public final class SignedWebhook implements NotificationChannel {
  public static final String SIGNATURE = "X-Trueup-Signature";
  public static final String TIMESTAMP = "X-Trueup-Timestamp";

  private final URI url;
  private final SecretValue key;
  private final Clock clock;
  private final Http http;

  public SignedWebhook(URI url, SecretValue key, Duration timeout, Clock clock) {
    this.url = url;
    this.key = key;
    this.clock = clock;
    this.http = new Http(timeout);
  }

  @Override
  public Delivery send(Payload message) {
    byte[] body;
    String timestamp;
    String signature;
    try {
      body = Http.utf8(Payload.JSON.writeValueAsString(envelope(message)));
      timestamp = Long.toString(clock.instant().getEpochSecond());
      signature = "sha256=" + sign(key.revealBytes(), timestamp, body);
    } catch (RuntimeException | GeneralSecurityException e) {
      return Delivery.failed("cannot sign the message (" + e.getClass().getSimpleName() + ")");
    }
    return http.postJson(url, body, Map.of(TIMESTAMP, timestamp, SIGNATURE, signature));
  }

  private static tools.jackson.databind.node.ObjectNode envelope(Payload m) {
    var o = Payload.JSON.createObjectNode();
    o.put("subject", m.subject());
    o.put("text", m.text());
    o.set("data", m.data());
    return o;
  }

  /** Hex HMAC-SHA256 of {@code timestamp + "." + body}: what the signature header carries. */
  public static String sign(byte[] key, String timestamp, byte[] body)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '.');
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  /**
   * Checks a received request the way a receiver should: signature over timestamp and raw body,
   * compared in constant time, timestamp within {@code tolerance} of now.
   */
  public static boolean verify(
      byte[] key,
      String timestampHeader,
      String signatureHeader,
      byte[] body,
      Clock clock,
      Duration tolerance) {
    if (timestampHeader == null || signatureHeader == null) {
      return false;
    }
    try {
      long ts = Long.parseLong(timestampHeader);
      if (Math.abs(clock.instant().getEpochSecond() - ts) > tolerance.toSeconds()) {
        return false;
      }
      String expected = "sha256=" + sign(key, timestampHeader, body);
      return MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.US_ASCII),
          signatureHeader.getBytes(StandardCharsets.US_ASCII));
    } catch (NumberFormatException | GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "signed webhook";
  }
}
