package dev.trueup.notify;

import dev.trueup.model.AlertLevel;

/**
 * A message for one channel, ready for the outbox. {@code body} is a {@link Payload} as JSON;
 * nothing in it comes from a secret.
 */
public record Outgoing(
    AlertLevel level, String channel, String dedupKey, String subject, String body) {}
