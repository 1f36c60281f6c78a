package dev.trueup.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Outcomes: what each run did to each change. */
public final class Outcomes {
  private final Db db;

  Outcomes(Db db) {
    this.db = db;
  }

  public Outcome record(
      long runId, String node, String changeKey, Outcome.Result result, String detail) {
    var at = db.now();
    db.insert(
        "INSERT INTO outcomes (run_id, node, change_key, result, detail, recorded_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        runId,
        node,
        changeKey,
        result,
        detail,
        at);
    return new Outcome(runId, node, changeKey, result, java.util.Optional.ofNullable(detail), at);
  }

  public List<Outcome> forRun(long runId) {
    return db.query("SELECT * FROM outcomes WHERE run_id = ? ORDER BY id", Outcomes::row, runId);
  }

  /** A node's latest outcomes, newest first. */
  public List<Outcome> forNode(String node, int limit) {
    return db.query(
        "SELECT * FROM outcomes WHERE node = ? ORDER BY id DESC LIMIT ?",
        Outcomes::row,
        node,
        limit);
  }

  private static Outcome row(ResultSet rs) throws SQLException {
    return new Outcome(
        rs.getLong("run_id"),
        rs.getString("node"),
        rs.getString("change_key"),
        Outcome.Result.valueOf(rs.getString("result")),
        Db.optString(rs, "detail"),
        Db.instant(rs, "recorded_at"));
  }
}
