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
          + " summary";
  private final Db db;
  private final Owner owner;

  Runs(Db db, Owner owner) {
    this.db = db;
    this.owner = owner;
  }

  /** Starts a run owned by this store's process; the desired revision may not be known yet. */
  public Run start(String trigger, String desiredRevision) {
    Instant now = db.now();
    long id =
        db.insert(
            "INSERT INTO runs (trigger, desired_revision, status, owner, heartbeat_at, started_at)"
                + " VALUES (?, ?, 'RUNNING', ?, ?, ?)",
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

  /** The newest run started as {@code trigger} that recorded {@code desiredRevision}. */
  public Optional<Run> latestFor(String trigger, String desiredRevision) {
    return db.one(
        "SELECT "
            + COLUMNS
            + " FROM runs WHERE trigger = ? AND desired_revision = ? ORDER BY id DESC LIMIT 1",
        Runs::row,
        trigger,
        desiredRevision);
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
        Db.optString(rs, "summary"));
  }
}
