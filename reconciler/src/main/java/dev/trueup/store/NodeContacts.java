package dev.trueup.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** When each node was last reached and last missed. Replicas write the same rows: last wins. */
public final class NodeContacts {
  private final Db db;

  NodeContacts(Db db) {
    this.db = db;
  }

  /** A run reached the node now. */
  public NodeContact seen(String node) {
    NodeContact before = get(node).orElse(empty(node));
    return write(
        new NodeContact(node, Optional.of(db.now()), before.lastMissed(), before.missedReason()));
  }

  /** A run could not reach the node now, for {@code reason}. */
  public NodeContact missed(String node, String reason) {
    NodeContact before = get(node).orElse(empty(node));
    return write(
        new NodeContact(node, before.lastSeen(), Optional.of(db.now()), Optional.of(reason)));
  }

  public Optional<NodeContact> get(String node) {
    return db.one("SELECT * FROM node_contacts WHERE node = ?", NodeContacts::row, node);
  }

  public List<NodeContact> all() {
    return db.query("SELECT * FROM node_contacts ORDER BY node", NodeContacts::row);
  }

  /** The nodes missed since they were last seen, by name. */
  public List<NodeContact> away() {
    return db.query(
        "SELECT * FROM node_contacts WHERE last_missed_at IS NOT NULL"
            + " AND (last_seen_at IS NULL OR last_missed_at > last_seen_at) ORDER BY node",
        NodeContacts::row);
  }

  /** A node the desired state no longer has. */
  public void forget(String node) {
    db.update("DELETE FROM node_contacts WHERE node = ?", node);
  }

  private NodeContact write(NodeContact c) {
    db.update(
        db.dialect()
            .upsert(
                "node_contacts",
                List.of("node"),
                List.of("node", "last_seen_at", "last_missed_at", "missed_reason")),
        c.node(),
        c.lastSeen().orElse(null),
        c.lastMissed().orElse(null),
        c.missedReason().orElse(null));
    return c;
  }

  private static NodeContact empty(String node) {
    return new NodeContact(node, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static NodeContact row(ResultSet rs) throws SQLException {
    return new NodeContact(
        rs.getString("node"),
        Db.optInstant(rs, "last_seen_at"),
        Db.optInstant(rs, "last_missed_at"),
        Db.optString(rs, "missed_reason"));
  }
}
