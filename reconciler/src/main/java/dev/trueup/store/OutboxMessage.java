package dev.trueup.store;

import dev.trueup.model.AlertLevel;
import java.time.Instant;
import java.util.Optional;

/** A notification waiting to be delivered, or delivered. */
public record OutboxMessage(
    long id,
    AlertLevel level,
    String channel,
    String dedupKey,
    String subject,
    String body,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    Instant createdAt,
    Optional<Instant> sentAt,
    Optional<String> lastError) {

  public enum Status {
    PENDING,
    /** Claimed by a sender; back to due when the claim lease passes without a result. */
    SENDING,
    SENT,
    /** Gave up after {@link Outbox#MAX_ATTEMPTS} failed deliveries. */
    DEAD
  }
}
