package dev.trueup.server;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a webhook request ended: the {@code result} label of {@code trueup_webhook_requests_total}.
 */
public enum WebhookResult {
  /** Verified, new, handed on: 202. */
  ACCEPTED(202),
  /** Verified but already seen (a replay or redelivery): 200, nothing done. */
  DUPLICATE(200),
  /** Verified but nothing to do (a tag, an unwatched branch, an unknown event): 202. */
  IGNORED(202),
  /** Verified and new, but the trigger queue was full: 202, the next poll catches up. */
  DROPPED(202),
  /** Missing or wrong signature or token, or a stale timestamp: 401. */
  UNAUTHORIZED(401),
  /** No secret configured for this forge: 503 (fail closed). */
  NOT_CONFIGURED(503),
  /** The body passed the cap: 413. */
  TOO_LARGE(413),
  /** Verified but unreadable (malformed JSON, form encoding, missing fields): 400 or 415. */
  BAD_REQUEST(400),
  /** The reserve lane had no room for the body's bytes (see {@code BodyAdmission}): 503. */
  BUSY(503),
  /** The body did not arrive within its deadline: the connection is closed, unanswered. */
  TIMEOUT(408),
  /** A path that names no forge: 404. */
  NOT_FOUND(404),
  /** A forge's path with a method other than POST: 405. */
  METHOD_NOT_ALLOWED(405);

  static final List<String> LABELS = Arrays.stream(values()).map(WebhookResult::label).toList();

  private final int status;

  WebhookResult(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
