package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import java.time.Instant;
import java.util.Optional;

/**
 * A message for one channel, ready for the outbox. {@code body} is a {@link Payload} as JSON;
 * nothing in it comes from a secret.
 */
public record Outgoing(
    AlertLevel level,
    String channel,
    String dedupKey,
    String subject,
    String body,
    Optional<Instant> notBefore) {

  /** A message to send as soon as possible. */
  public Outgoing(AlertLevel level, String channel, String dedupKey, String subject, String body) {
    this(level, channel, dedupKey, subject, body, Optional.empty());
  }
}
