package dev.trueup.store;

import dev.trueup.plan.Plan;
import dev.trueup.report.PlanJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Plans, stored as the one plan JSON ({@link PlanJson}) — the same text {@code --output json}
 * prints, which holds secret references and "secret-bearing, not shown" notes, never values.
 */
public final class Plans {
  private static final String COLUMNS = "id, run_id, created_at, json";
  private final Db db;

  Plans(Db db) {
    this.db = db;
  }

  /** Saves a plan, made by a run or by hand ({@code runId} null). */
  public StoredPlan save(Long runId, Plan plan) {
    long id =
        db.insert(
            "INSERT INTO plans (run_id, desired_revision, live_fingerprint, json, created_at)"
                + " VALUES (?, ?, ?, ?, ?)",
            runId,
            plan.desiredRevision(),
            plan.liveFingerprint(),
            PlanJson.write(plan),
            db.now());
    return load(id).orElseThrow();
  }

  public Optional<StoredPlan> load(long planId) {
    return db.one("SELECT " + COLUMNS + " FROM plans WHERE id = ?", Plans::row, planId);
  }

  public List<StoredPlan> forRun(long runId) {
    return db.query(
        "SELECT " + COLUMNS + " FROM plans WHERE run_id = ? ORDER BY id", Plans::row, runId);
  }

  /** The newest plan made from a desired revision, if any. */
  public Optional<StoredPlan> latestFor(String desiredRevision) {
    return db.one(
        "SELECT " + COLUMNS + " FROM plans WHERE desired_revision = ? ORDER BY id DESC LIMIT 1",
        Plans::row,
        desiredRevision);
  }

  private static StoredPlan row(ResultSet rs) throws SQLException {
    return new StoredPlan(
        rs.getLong("id"),
        Db.optLong(rs, "run_id"),
        Db.instant(rs, "created_at"),
        PlanJson.read(rs.getString("json")));
  }
}
