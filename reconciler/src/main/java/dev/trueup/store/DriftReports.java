package dev.trueup.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Drift reports: one per drift check, with the nodes each names. */
public final class DriftReports {
  private static final String COLUMNS =
      "id, run_id, desired_revision, detected_at, nodes_checked, nodes_drifted, changes,"
          + " unreachable, summary, report_file";
  private final Db db;

  DriftReports(Db db) {
    this.db = db;
  }

  public DriftRecord record(DriftRecord.New r) {
    Instant at = r.detectedAt().truncatedTo(ChronoUnit.MICROS);
    long id =
        db.tx(
            c -> {
              long rowId =
                  Db.insert(
                      c,
                      "INSERT INTO drift_reports (run_id, desired_revision, detected_at,"
                          + " nodes_checked, nodes_drifted, changes, unreachable, summary,"
                          + " report_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      r.runId(),
                      r.desiredRevision(),
                      at,
                      r.nodesChecked(),
                      r.nodesDrifted(),
                      r.changes(),
                      r.unreachable(),
                      r.summary(),
                      r.reportFile());
              for (DriftRecord.NodeEntry n : r.nodes()) {
                Db.update(
                    c,
                    "INSERT INTO drift_report_nodes (report_id, node, status, changes)"
                        + " VALUES (?, ?, ?, ?)",
                    rowId,
                    n.node(),
                    n.status(),
                    n.changes());
              }
              return rowId;
            });
    return find(id).orElseThrow();
  }

  public Optional<DriftRecord> find(long id) {
    return db.withConnection(
        c -> {
          Optional<DriftRecord> r =
              Db.one(c, "SELECT " + COLUMNS + " FROM drift_reports WHERE id = ?", x -> row(x), id);
          return r.isEmpty() ? r : Optional.of(withNodes(c, r.get()));
        });
  }

  /** The report a drift run made, if it made one. */
  public Optional<DriftRecord> forRun(long runId) {
    return db.withConnection(
        c -> {
          Optional<DriftRecord> r =
              Db.one(
                  c,
                  "SELECT " + COLUMNS + " FROM drift_reports WHERE run_id = ? ORDER BY id DESC",
                  x -> row(x),
                  runId);
          return r.isEmpty() ? r : Optional.of(withNodes(c, r.get()));
        });
  }

  /** Reports newest first, narrowed to those naming a node and to those detected since. */
  public List<DriftRecord> recent(Optional<String> node, Optional<Instant> since, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM drift_reports WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (node.isPresent()) {
      sql.append(" AND id IN (SELECT report_id FROM drift_report_nodes WHERE node = ?)");
      args.add(node.get());
    }
    if (since.isPresent()) {
      sql.append(" AND detected_at >= ?");
      args.add(since.get());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(limit);
    return db.withConnection(
        c -> {
          List<DriftRecord> out = new ArrayList<>();
          for (DriftRecord r : Db.query(c, sql.toString(), x -> row(x), args.toArray())) {
            out.add(withNodes(c, r));
          }
          return out;
        });
  }

  private static DriftRecord withNodes(Connection c, DriftRecord r) throws SQLException {
    List<DriftRecord.NodeEntry> nodes =
        Db.query(
            c,
            "SELECT node, status, changes FROM drift_report_nodes WHERE report_id = ?"
                + " ORDER BY node",
            rs ->
                new DriftRecord.NodeEntry(
                    rs.getString("node"),
                    DriftRecord.Status.valueOf(rs.getString("status")),
                    rs.getInt("changes")),
            r.id());
    return new DriftRecord(
        r.id(),
        r.runId(),
        r.desiredRevision(),
        r.detectedAt(),
        r.nodesChecked(),
        r.nodesDrifted(),
        r.changes(),
        r.unreachable(),
        r.summary(),
        r.reportFile(),
        nodes);
  }

  private static DriftRecord row(ResultSet rs) throws SQLException {
    return new DriftRecord(
        rs.getLong("id"),
        Db.optLong(rs, "run_id"),
        rs.getString("desired_revision"),
        Db.instant(rs, "detected_at"),
        rs.getInt("nodes_checked"),
        rs.getInt("nodes_drifted"),
        rs.getInt("changes"),
        rs.getInt("unreachable"),
        rs.getString("summary"),
        Db.optString(rs, "report_file"),
        List.of());
  }
}
