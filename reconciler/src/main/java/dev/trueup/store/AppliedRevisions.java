package dev.trueup.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The last applied desired revision per node (what commit-message classification starts from). */
public final class AppliedRevisions {
  private final Db db;

  AppliedRevisions(Db db) {
    this.db = db;
  }

  public Optional<AppliedRevision> get(String node) {
    return db.one("SELECT * FROM applied_revisions WHERE node = ?", AppliedRevisions::row, node);
  }

  public AppliedRevision set(String node, String desiredRevision, Long runId) {
    var at = db.now();
    db.update(
        db.dialect()
            .upsert(
                "applied_revisions",
                List.of("node"),
                List.of("node", "desired_revision", "applied_at", "run_id")),
        node,
        desiredRevision,
        at,
        runId);
    return new AppliedRevision(node, desiredRevision, at, Optional.ofNullable(runId));
  }

  public List<AppliedRevision> all() {
    return db.query("SELECT * FROM applied_revisions ORDER BY node", AppliedRevisions::row);
  }

  private static AppliedRevision row(ResultSet rs) throws SQLException {
    return new AppliedRevision(
        rs.getString("node"),
        rs.getString("desired_revision"),
        Db.instant(rs, "applied_at"),
        Db.optLong(rs, "run_id"));
  }
}
