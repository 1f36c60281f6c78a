package dev.trueup.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Per-node mutual exclusion between runs: one node is changed by at most one run at a time. */
public abstract sealed class NodeLocks permits PostgresNodeLocks, EmbeddedNodeLocks {
  final Db db;
  final Owner owner;

  NodeLocks(Db db, Owner owner) {
    this.db = db;
    this.owner = owner;
  }

  /** Takes the node's lock if nobody holds it; never waits. */
  public abstract Optional<NodeLock> tryLock(String node);

  /** Who holds which node, as recorded (on PostgreSQL a row can outlive a killed session). */
  public List<HeldLock> held() {
    return db.query("SELECT * FROM node_locks ORDER BY node", NodeLocks::row);
  }

  /** Called when the store closes: releases whatever this store still holds. */
  abstract void closeAll();

  static HeldLock row(ResultSet rs) throws SQLException {
    return new HeldLock(
        rs.getString("node"),
        rs.getString("owner"),
        Db.optString(rs, "holder_session"),
        Db.instant(rs, "acquired_at"));
  }
}
