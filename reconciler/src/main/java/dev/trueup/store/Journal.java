package dev.trueup.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The write-ahead journal of actions. Every action is begun (STARTED) before trueup touches a node
 * and completed or failed after. After a crash the entries still STARTED are exactly the actions
 * whose effect is unknown: recovery lists them, re-observes their nodes, and takes each over once
 * ({@link #recover}).
 */
public final class Journal {
  private final Db db;

  Journal(Db db) {
    this.db = db;
  }

  /** Records that an action is about to be attempted; returns the entry's id. */
  public long begin(long runId, String node, String changeKey, String action) {
    return db.insert(
        "INSERT INTO journal (run_id, node, change_key, action, state, started_at)"
            + " VALUES (?, ?, ?, ?, 'STARTED', ?)",
        runId,
        node,
        changeKey,
        action,
        db.now());
  }

  /** Marks a started action done. Returns false when the entry was not STARTED any more. */
  public boolean complete(long entryId, String detail) {
    return end(entryId, JournalEntry.State.COMPLETED, detail);
  }

  public boolean fail(long entryId, String detail) {
    return end(entryId, JournalEntry.State.FAILED, detail);
  }

  private boolean end(long entryId, JournalEntry.State state, String detail) {
    return db.update(
            "UPDATE journal SET state = ?, completed_at = ?, detail = ?"
                + " WHERE id = ? AND state = 'STARTED'",
            state,
            db.now(),
            detail,
            entryId)
        == 1;
  }

  /** Actions of a run that were started and never completed or failed. */
  public List<JournalEntry> unfinished(long runId) {
    return db.query(
        "SELECT * FROM journal WHERE run_id = ? AND state = 'STARTED' ORDER BY id",
        Journal::row,
        runId);
  }

  /**
   * What recovery needs for a node: actions left STARTED by runs that are no longer running
   * (interrupted, or finished without closing the entry). Entries of a live run are not listed.
   */
  public List<JournalEntry> unfinishedForNode(String node) {
    return db.query(
        "SELECT j.* FROM journal j JOIN runs r ON r.id = j.run_id"
            + " WHERE j.node = ? AND j.state = 'STARTED' AND r.status <> 'RUNNING'"
            + " ORDER BY j.id",
        Journal::row,
        node);
  }

  /** Every node with entries {@link #unfinishedForNode} would list. */
  public List<String> nodesToRecover() {
    return db.query(
        "SELECT DISTINCT j.node FROM journal j JOIN runs r ON r.id = j.run_id"
            + " WHERE j.state = 'STARTED' AND r.status <> 'RUNNING' ORDER BY j.node",
        rs -> rs.getString(1));
  }

  /**
   * Takes over an entry left STARTED by a dead run: marks it INTERRUPTED and names the recovering
   * run. True for exactly one caller; false when another run took it over first.
   */
  public boolean recover(long entryId, long recoveringRunId) {
    return db.update(
            "UPDATE journal SET state = 'INTERRUPTED', recovered_by = ?, completed_at = ?,"
                + " detail = ? WHERE id = ? AND state = 'STARTED'",
            recoveringRunId,
            db.now(),
            "run interrupted; node re-observed by run " + recoveringRunId,
            entryId)
        == 1;
  }

  public List<JournalEntry> forRun(long runId) {
    return db.query("SELECT * FROM journal WHERE run_id = ? ORDER BY id", Journal::row, runId);
  }

  public Optional<JournalEntry> find(long entryId) {
    return db.one("SELECT * FROM journal WHERE id = ?", Journal::row, entryId);
  }

  private static JournalEntry row(ResultSet rs) throws SQLException {
    return new JournalEntry(
        rs.getLong("id"),
        rs.getLong("run_id"),
        rs.getString("node"),
        rs.getString("change_key"),
        rs.getString("action"),
        JournalEntry.State.valueOf(rs.getString("state")),
        Db.instant(rs, "started_at"),
        Db.optInstant(rs, "completed_at"),
        Db.optString(rs, "detail"),
        Db.optLong(rs, "recovered_by"));
  }
}
