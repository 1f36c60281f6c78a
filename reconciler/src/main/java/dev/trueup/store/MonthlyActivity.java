package dev.trueup.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the store knows of a period, for the monthly report: changes applied by class, drift
 * reverted, approvals and how long they waited, drift checks, and how often each node was found
 * unreachable by them.
 */
public final class MonthlyActivity {
  private final Db db;

  MonthlyActivity(Db db) {
    this.db = db;
  }

  /** One approval requested in the period: its class, what became of it, how long it waited. */
  public record ApprovalWait(String changeClass, String status, Optional<Duration> waited) {}

  /**
   * @param appliedByClass changes applied (an outcome APPLIED), by the class they were decided with
   * @param reverted of those, drift reverts
   * @param driftChecks drift checks run; {@code driftChanges} the drifted resources they found
   * @param unreachable by node, how many drift checks could not reach it
   */
  public record Activity(
      Map<String, Integer> appliedByClass,
      int reverted,
      List<ApprovalWait> approvals,
      int driftChecks,
      int driftChanges,
      int nodesDrifted,
      Map<String, Integer> unreachable) {

    /** How often the drift checks of the period reached these nodes. */
    public Reach reach(java.util.Collection<String> nodes) {
      int missed = nodes.stream().mapToInt(n -> unreachable.getOrDefault(n, 0)).sum();
      return new Reach(nodes.size() * driftChecks, missed);
    }
  }

  /** Node checks made and missed; availability is the share that reached the node. */
  public record Reach(int checks, int missed) {
    /** Percent of checks that reached their node; empty when no check ran. */
    public Optional<Double> percent() {
      return checks == 0 ? Optional.empty() : Optional.of(100.0 * (checks - missed) / checks);
    }
  }

  /** The activity of {@code [from, to)}. */
  public Activity between(Instant from, Instant to) {
    Map<String, Integer> applied = new TreeMap<>();
    int[] reverted = {0};
    db.query(
            "SELECT d.change_class, d.step, COUNT(DISTINCT o.id) AS n FROM outcomes o"
                + " JOIN plans p ON p.run_id = o.run_id"
                + " JOIN decisions d ON d.plan_id = p.id AND d.change_key = o.change_key"
                + " WHERE o.result = 'APPLIED' AND o.recorded_at >= ? AND o.recorded_at < ?"
                + " GROUP BY d.change_class, d.step",
            rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3)},
            from,
            to)
        .forEach(
            row -> {
              applied.merge((String) row[0], (Integer) row[2], Integer::sum);
              if ("revert-drift".equals(row[1])) {
                reverted[0] += (Integer) row[2];
              }
            });
    List<ApprovalWait> approvals = new ArrayList<>();
    db.query(
            "SELECT change_class, status, requested_at, decided_at FROM approvals"
                + " WHERE requested_at >= ? AND requested_at < ? ORDER BY requested_at",
            rs -> {
              Instant asked = rs.getTimestamp("requested_at").toInstant();
              Optional<Instant> decided = Db.optInstant(rs, "decided_at");
              return new ApprovalWait(
                  rs.getString("change_class"),
                  rs.getString("status"),
                  decided.map(d -> Duration.between(asked, d)));
            },
            from,
            to)
        .forEach(approvals::add);
    int[] drift =
        db.one(
                "SELECT COUNT(*), COALESCE(SUM(changes), 0), COALESCE(SUM(nodes_drifted), 0)"
                    + " FROM drift_reports WHERE detected_at >= ? AND detected_at < ?",
                rs -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)},
                from,
                to)
            .orElse(new int[] {0, 0, 0});
    Map<String, Integer> unreachable = new TreeMap<>();
    db.query(
            "SELECT n.node, COUNT(*) FROM drift_report_nodes n"
                + " JOIN drift_reports r ON r.id = n.report_id"
                + " WHERE n.status = 'UNREACHABLE' AND r.detected_at >= ? AND r.detected_at < ?"
                + " GROUP BY n.node",
            rs -> Map.entry(rs.getString(1), rs.getInt(2)),
            from,
            to)
        .forEach(e -> unreachable.put(e.getKey(), e.getValue()));
    return new Activity(applied, reverted[0], approvals, drift[0], drift[1], drift[2], unreachable);
  }
}
