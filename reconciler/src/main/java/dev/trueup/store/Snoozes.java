package dev.trueup.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Snoozed drift: recorded once, in force until its date, kept afterwards as the record. */
public final class Snoozes {
  private final Db db;

  Snoozes(Db db) {
    this.db = db;
  }

  public Snooze add(
      String node, Optional<String> resource, Instant until, String reason, String by) {
    Instant at = db.now();
    long id =
        db.insert(
            "INSERT INTO snoozes (node, resource, snoozed_until, reason, created_by, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)",
            node,
            resource.orElse(null),
            until,
            reason,
            by,
            at);
    return new Snooze(id, node, resource, until, reason, by, at);
  }

  /** The snoozes in force now (by the store's clock), soonest to end first. */
  public List<Snooze> active() {
    return db.query(
        "SELECT * FROM snoozes WHERE snoozed_until > ? ORDER BY snoozed_until, id",
        Snoozes::row,
        db.now());
  }

  /** Every snooze ever recorded, newest first. */
  public List<Snooze> all() {
    return db.query("SELECT * FROM snoozes ORDER BY id DESC", Snoozes::row);
  }

  private static Snooze row(ResultSet rs) throws SQLException {
    return new Snooze(
        rs.getLong("id"),
        rs.getString("node"),
        Db.optString(rs, "resource"),
        Db.instant(rs, "snoozed_until"),
        rs.getString("reason"),
        rs.getString("created_by"),
        Db.instant(rs, "created_at"));
  }
}
