package dev.trueup.store;

import dev.trueup.model.AlertLevel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The notification outbox: a notification is enqueued in the same store as the run that caused it,
 * de-duplicated by key, and delivered later with retries and exponential backoff.
 */
public final class Outbox {
  public static final int MAX_ATTEMPTS = 10;

  /** How long a claimed message stays with its sender before another may claim it. */
  public static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

  private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
  private static final Duration LONGEST_RETRY = Duration.ofHours(1);
  private final Db db;
  private final ReentrantLock claims = new ReentrantLock();

  Outbox(Db db) {
    this.db = db;
  }

  /**
   * Enqueues a notification unless one with the same de-duplication key was ever enqueued. Returns
   * false for a duplicate.
   */
  public boolean enqueue(
      AlertLevel level, String channel, String dedupKey, String subject, String body) {
    return enqueue(level, channel, dedupKey, subject, body, java.util.Optional.empty());
  }

  /**
   * As {@link #enqueue(AlertLevel, String, String, String, String)}, not sent before {@code
   * notBefore} when given (high alerts wait for their hour's batch).
   */
  public boolean enqueue(
      AlertLevel level,
      String channel,
      String dedupKey,
      String subject,
      String body,
      java.util.Optional<Instant> notBefore) {
    Instant now = db.now();
    Instant due = notBefore.filter(t -> t.isAfter(now)).orElse(now);
    try {
      db.insert(
          "INSERT INTO notification_outbox (level, channel, dedup_key, subject, body, status,"
              + " attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?,"
              + " ?)",
          level.yaml(),
          channel,
          dedupKey,
          subject,
          body,
          due,
          now);
      return true;
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException s && Db.isUniqueViolation(s)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Claims up to {@code max} due messages (pending, or sending whose claim lease passed) for
   * delivery. Replicas claiming at once never get the same message.
   */
  public List<OutboxMessage> claimDue(int max) {
    claims.lock();
    try {
      Instant now = db.now();
      return db.tx(
          c -> {
            List<Long> ids =
                Db.query(
                    c,
                    "SELECT id FROM notification_outbox WHERE status IN ('PENDING', 'SENDING')"
                        + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"
                        + db.dialect().claimLock(),
                    rs -> rs.getLong(1),
                    now,
                    max);
            List<OutboxMessage> out = new ArrayList<>();
            for (long id : ids) {
              Db.update(
                  c,
                  "UPDATE notification_outbox SET status = 'SENDING', next_attempt_at = ?"
                      + " WHERE id = ?",
                  now.plus(CLAIM_LEASE),
                  id);
              out.add(
                  Db.one(c, "SELECT * FROM notification_outbox WHERE id = ?", Outbox::row, id)
                      .orElseThrow());
            }
            return out;
          });
    } finally {
      claims.unlock();
    }
  }

  public void markSent(long id) {
    db.update(
        "UPDATE notification_outbox SET status = 'SENT', sent_at = ?, last_error = NULL"
            + " WHERE id = ?",
        db.now(),
        id);
  }

  /**
   * Records a failed delivery: due again after a backoff that doubles per attempt (30 s, 1 min, 2
   * min, ... at most an hour), or DEAD after {@link #MAX_ATTEMPTS}. The error text must not contain
   * a secret value (a webhook URL with a token is a secret: say "HTTP 500", not the URL).
   */
  public OutboxMessage markFailed(long id, String error) {
    return db.tx(
        c -> {
          OutboxMessage m =
              Db.one(c, "SELECT * FROM notification_outbox WHERE id = ?", Outbox::row, id)
                  .orElseThrow();
          int attempts = m.attempts() + 1;
          boolean dead = attempts >= MAX_ATTEMPTS;
          Db.update(
              c,
              "UPDATE notification_outbox SET status = ?, attempts = ?, next_attempt_at = ?,"
                  + " last_error = ? WHERE id = ?",
              dead ? "DEAD" : "PENDING",
              attempts,
              db.now().plus(backoff(attempts)),
              error,
              id);
          return Db.one(c, "SELECT * FROM notification_outbox WHERE id = ?", Outbox::row, id)
              .orElseThrow();
        });
  }

  /** The newest messages, whatever their state: the dashboard's record of what was told. */
  public List<OutboxMessage> recent(int limit) {
    return db.query(
        "SELECT * FROM notification_outbox ORDER BY id DESC LIMIT ?", Outbox::row, limit);
  }

  public Optional<OutboxMessage> find(long id) {
    return db.one("SELECT * FROM notification_outbox WHERE id = ?", Outbox::row, id);
  }

  public Optional<OutboxMessage> findByDedupKey(String dedupKey) {
    return db.one("SELECT * FROM notification_outbox WHERE dedup_key = ?", Outbox::row, dedupKey);
  }

  /** The wait before the next attempt after {@code attempts} failures. */
  public static Duration backoff(int attempts) {
    if (attempts <= 0) {
      return Duration.ZERO;
    }
    Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
    return d.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : d;
  }

  private static OutboxMessage row(ResultSet rs) throws SQLException {
    return new OutboxMessage(
        rs.getLong("id"),
        level(rs.getString("level")),
        rs.getString("channel"),
        rs.getString("dedup_key"),
        rs.getString("subject"),
        rs.getString("body"),
        OutboxMessage.Status.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        Db.instant(rs, "next_attempt_at"),
        Db.instant(rs, "created_at"),
        Db.optInstant(rs, "sent_at"),
        Db.optString(rs, "last_error"));
  }

  private static AlertLevel level(String yaml) {
    for (AlertLevel l : AlertLevel.values()) {
      if (l.yaml().equals(yaml)) {
        return l;
      }
    }
    throw new IllegalStateException("unknown level in the outbox: " + yaml);
  }
}
