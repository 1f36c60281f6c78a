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

  /** The nodes whose latest run with outcomes failed or rolled back at least one change. */
  public java.util.Set<String> failedInLatestRun() {
    return new java.util.TreeSet<>(
        db.query(
            "SELECT DISTINCT o.node FROM outcomes o JOIN (SELECT node, MAX(run_id) AS run_id"
                + " FROM outcomes GROUP BY node) l ON o.node = l.node AND o.run_id = l.run_id"
                + " WHERE o.result IN ('FAILED', 'ROLLED_BACK')",
            rs -> rs.getString(1)));
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
