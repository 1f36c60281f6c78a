package dev.trueup.store;

import java.time.Instant;
import java.util.List;

/**
 * The notification event log, shared by every replica: digests are built from it. Rows are kept as
 * JSON text the notify package writes and reads; this class does not look inside.
 */
public final class NotificationEvents {
  /** One logged event: when, and its JSON. */
  public record Row(Instant at, String json) {}

  private final Db db;

  NotificationEvents(Db db) {
    this.db = db;
  }

  public void append(Instant at, List<String> json) {
    for (String j : json) {
      db.update("INSERT INTO notification_events (at, event) VALUES (?, ?)", at, j);
    }
  }

  /** Events logged in [from, to), oldest first. */
  public List<Row> between(Instant from, Instant to) {
    return db.query(
        "SELECT at, event FROM notification_events WHERE at >= ? AND at < ? ORDER BY at, id",
        rs -> new Row(Db.instant(rs, "at"), rs.getString("event")),
        from,
        to);
  }

  /** Drops events logged before {@code cutoff}; returns how many. */
  public int prune(Instant cutoff) {
    return db.update("DELETE FROM notification_events WHERE at < ?", cutoff);
  }
}
