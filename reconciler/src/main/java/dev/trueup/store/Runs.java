package dev.trueup.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs: started by an owner, kept alive by heartbeats, finished, or found interrupted. */
public final class Runs {
  private static final String COLUMNS =
      "id, trigger, desired_revision, status, owner, heartbeat_at, started_at, finished_at,"
          + " summary, kind";
  private final Db db;
  private final Owner owner;

  Runs(Db db, Owner owner) {
    this.db = db;
    this.owner = owner;
  }

  /**
   * Starts an apply run owned by this store's process; the desired revision may not be known yet.
   */
  public Run start(String trigger, String desiredRevision) {
    return start(Run.Kind.APPLY, trigger, desiredRevision);
  }

  /** Starts a run of the given kind owned by this store's process. */
  public Run start(Run.Kind kind, String trigger, String desiredRevision) {
    Instant now = db.now();
    long id =
        db.insert(
            "INSERT INTO runs (kind, trigger, desired_revision, status, owner, heartbeat_at,"
                + " started_at) VALUES (?, ?, ?, 'RUNNING', ?, ?, ?)",
            kind,
            trigger,
            desiredRevision,
            owner.toString(),
            now,
            now);
    return find(id).orElseThrow();
  }

  /**
   * Proves the owner is alive. Returns false when the run is no longer running — another replica
   * declared it interrupted — and its owner must stop touching nodes.
   */
  public boolean heartbeat(long runId) {
    return db.update(
            "UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'RUNNING'", db.now(), runId)
        == 1;
  }

  /** Records the desired revision once it is known (a run may start before the fetch). */
  public void setDesiredRevision(long runId, String desiredRevision) {
    db.update("UPDATE runs SET desired_revision = ? WHERE id = ?", desiredRevision, runId);
  }

  /**
   * Finishes a running run. Returns false (and changes nothing) when it is not running any more,
   * e.g. it was marked interrupted meanwhile.
   */
  public boolean finish(long runId, Run.Status status, String summary) {
    if (status == Run.Status.RUNNING) {
      throw new IllegalArgumentException("a run finishes as SUCCEEDED, FAILED or INTERRUPTED");
    }
    return db.update(
            "UPDATE runs SET status = ?, finished_at = ?, summary = ?"
                + " WHERE id = ? AND status = 'RUNNING'",
            status,
            db.now(),
            summary,
            runId)
        == 1;
  }

  /**
   * Marks interrupted every running run whose owner has not heart-beaten within {@code lease}. Each
   * such run is returned by exactly one caller, however many replicas ask at once.
   */
  public List<Run> markInterrupted(Duration lease) {
    Instant now = db.now();
    Instant deadline = now.minus(lease);
    List<Long> stale =
        db.query(
            "SELECT id FROM runs WHERE status = 'RUNNING' AND heartbeat_at < ? ORDER BY id",
            rs -> rs.getLong(1),
            deadline);
    List<Run> marked = new ArrayList<>();
    for (long id : stale) {
      int n =
          db.update(
              "UPDATE runs SET status = 'INTERRUPTED', finished_at = ?, summary = ?"
                  + " WHERE id = ? AND status = 'RUNNING' AND heartbeat_at < ?",
              now,
              "interrupted: no heartbeat since the lease of " + lease + " ran out",
              id,
              deadline);
      if (n == 1) {
        find(id).ifPresent(marked::add);
      }
    }
    return marked;
  }

  public Optional<Run> find(long runId) {
    return db.one("SELECT " + COLUMNS + " FROM runs WHERE id = ?", Runs::row, runId);
  }

  /** The latest runs, newest first. */
  public List<Run> recent(int limit) {
    return db.query("SELECT " + COLUMNS + " FROM runs ORDER BY id DESC LIMIT ?", Runs::row, limit);
  }

  /** Runs of {@code kind} that recorded {@code desiredRevision}, newest first. */
  public List<Run> recentFor(Run.Kind kind, String desiredRevision, int limit) {
    return db.query(
        "SELECT "
            + COLUMNS
            + " FROM runs WHERE kind = ? AND desired_revision = ? ORDER BY id DESC LIMIT ?",
        Runs::row,
        kind,
        desiredRevision,
        limit);
  }

  /** The newest run of {@code kind} that recorded {@code desiredRevision}. */
  public Optional<Run> latestFor(Run.Kind kind, String desiredRevision) {
    return db.one(
        "SELECT "
            + COLUMNS
            + " FROM runs WHERE kind = ? AND desired_revision = ? ORDER BY id DESC LIMIT 1",
        Runs::row,
        kind,
        desiredRevision);
  }

  /**
   * Runs newest first, narrowed by kind, by a node (runs that recorded an outcome or a journal
   * entry for it, and drift checks whose report names it) and by start time.
   */
  public List<Run> history(
      Optional<Run.Kind> kind, Optional<String> node, Optional<Instant> since, int limit) {
    return history(kind, node, since, Optional.empty(), limit);
  }

  /**
   * @param revision runs of a desired revision given in full or by its start
   */
  public List<Run> history(
      Optional<Run.Kind> kind,
      Optional<String> node,
      Optional<Instant> since,
      Optional<String> revision,
      int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM runs WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (kind.isPresent()) {
      sql.append(" AND kind = ?");
      args.add(kind.get());
    }
    if (node.isPresent()) {
      sql.append(
          " AND (id IN (SELECT run_id FROM outcomes WHERE node = ?)"
              + " OR id IN (SELECT run_id FROM journal WHERE node = ?)"
              + " OR id IN (SELECT r.run_id FROM drift_reports r"
              + " JOIN drift_report_nodes n ON n.report_id = r.id WHERE n.node = ?))");
      args.add(node.get());
      args.add(node.get());
      args.add(node.get());
    }
    if (since.isPresent()) {
      sql.append(" AND started_at >= ?");
      args.add(since.get());
    }
    if (revision.isPresent()) {
      // A prefix compared as text, so no character of it is a LIKE wildcard.
      sql.append(" AND SUBSTRING(desired_revision, 1, ?) = ?");
      args.add(revision.get().length());
      args.add(revision.get());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(limit);
    return db.query(sql.toString(), Runs::row, args.toArray());
  }

  public List<Run> withStatus(Run.Status status) {
    return db.query(
        "SELECT " + COLUMNS + " FROM runs WHERE status = ? ORDER BY id", Runs::row, status);
  }

  static Run row(ResultSet rs) throws SQLException {
    return new Run(
        rs.getLong("id"),
        rs.getString("trigger"),
        Db.optString(rs, "desired_revision"),
        Run.Status.valueOf(rs.getString("status")),
        rs.getString("owner"),
        Db.instant(rs, "heartbeat_at"),
        Db.instant(rs, "started_at"),
        Db.optInstant(rs, "finished_at"),
        Db.optString(rs, "summary"),
        Run.Kind.valueOf(rs.getString("kind")));
  }
}
