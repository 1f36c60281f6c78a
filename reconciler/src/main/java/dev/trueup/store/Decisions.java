package dev.trueup.store;

import dev.trueup.model.ChangeClass;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The decisions of each plan: class, rule, verdict, step and reason per change. */
public final class Decisions {
  private final Db db;

  Decisions(Db db) {
    this.db = db;
  }

  public void record(long planId, List<Decision> decisions) {
    db.tx(
        c -> {
          for (Decision d : decisions) {
            Db.insert(
                c,
                "INSERT INTO decisions (plan_id, change_key, node, kind, resource, change_class,"
                    + " rule, verdict, step, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                planId,
                d.changeKey(),
                d.node(),
                d.kind(),
                d.resource(),
                d.changeClass(),
                d.rule(),
                d.verdict(),
                d.step(),
                d.reason());
          }
          return null;
        });
  }

  public List<Decision> forPlan(long planId) {
    return db.query(
        "SELECT * FROM decisions WHERE plan_id = ? ORDER BY id", Decisions::row, planId);
  }

  /** The first {@code limit} decisions of a run's plans, in the order they were made. */
  public List<Decision> forRun(long runId, int limit) {
    return db.query(
        "SELECT d.* FROM decisions d JOIN plans p ON d.plan_id = p.id WHERE p.run_id = ?"
            + " ORDER BY d.id LIMIT ?",
        Decisions::row,
        runId,
        limit);
  }

  public long countForRun(long runId) {
    return db.one(
            "SELECT COUNT(*) FROM decisions d JOIN plans p ON d.plan_id = p.id WHERE p.run_id = ?",
            rs -> rs.getLong(1),
            runId)
        .orElse(0L);
  }

  /**
   * The newest plan that decided a change: what an approval holds is shown from it (its diff, as
   * redacted as the plan the CLI prints, and the other nodes the same change reaches).
   */
  public java.util.Optional<Long> latestPlanFor(String changeKey) {
    return db.one(
        "SELECT plan_id FROM decisions WHERE change_key = ? ORDER BY plan_id DESC LIMIT 1",
        rs -> rs.getLong("plan_id"),
        changeKey);
  }

  private static Decision row(ResultSet rs) throws SQLException {
    return new Decision(
        rs.getString("change_key"),
        rs.getString("node"),
        rs.getString("kind"),
        rs.getString("resource"),
        ChangeClass.valueOf(rs.getString("change_class")),
        Db.optString(rs, "rule"),
        rs.getString("verdict"),
        Db.optString(rs, "step"),
        rs.getString("reason"));
  }
}
