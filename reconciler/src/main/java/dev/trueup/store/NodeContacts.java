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
  public void seen(String node) {
    touch(node, "last_seen_at = ?", db.now());
  }

  /** A run could not reach the node now, for {@code reason}. */
  public void missed(String node, String reason) {
    touch(node, "last_missed_at = ?, missed_reason = ?", db.now(), reason);
  }

  /**
   * One statement for a node seen before (every run touches every node it planned); a first
   * sighting inserts, and a replica that inserted the same node first is simply updated over.
   */
  private void touch(String node, String set, Object... values) {
    Object[] args = java.util.Arrays.copyOf(values, values.length + 1);
    args[values.length] = node;
    if (db.update("UPDATE node_contacts SET " + set + " WHERE node = ?", args) > 0) {
      return;
    }
    insert(node, fleetApplied());
    db.update("UPDATE node_contacts SET " + set + " WHERE node = ?", args);
  }

  /** A node's first row; one another replica inserted meanwhile is left as it is. */
  private void insert(String node, boolean joinedLater) {
    try {
      db.update("INSERT INTO node_contacts (node, joined_later) VALUES (?, ?)", node, joinedLater);
    } catch (StoreException e) {
      // Inserted by another replica meanwhile.
    }
  }

  /** Whether some node of the fleet has an applied revision. */
  private boolean fleetApplied() {
    return !db.query("SELECT node FROM applied_revisions LIMIT 1", rs -> rs.getString(1)).isEmpty();
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

  /**
   * A run found busy checks holding changes of the node back: the deferral keeps the time it began.
   */
  public void deferred(String node, String by) {
    touch(node, "deferred_since = COALESCE(deferred_since, ?), deferred_by = ?", db.now(), by);
  }

  /** A run found nothing of the node deferred: the deferral, if any, is over. */
  public void notDeferred(String node) {
    db.update(
        "UPDATE node_contacts SET deferred_since = NULL, deferred_by = NULL,"
            + " deferral_told_at = NULL WHERE node = ? AND deferred_since IS NOT NULL",
        node);
  }

  /** The deferral of the node, older than its maxDefer, was raised as an alert now. */
  public void deferralTold(String node) {
    db.update("UPDATE node_contacts SET deferral_told_at = ? WHERE node = ?", db.now(), node);
  }

  /**
   * Changes of the node wait for a maintenance window that opens at {@code opens}; empty: none
   * wait.
   */
  public void waitsForWindow(String node, Optional<java.time.Instant> opens) {
    if (opens.isPresent()) {
      touch(node, "window_opens_at = ?", opens.get());
    } else {
      db.update(
          "UPDATE node_contacts SET window_opens_at = NULL"
              + " WHERE node = ? AND window_opens_at IS NOT NULL",
          node);
    }
  }

  /** The nodes whose waiting changes' window has opened by now, by name. */
  public List<NodeContact> windowDue() {
    return db.query(
        "SELECT * FROM node_contacts WHERE window_opens_at IS NOT NULL AND window_opens_at <= ?"
            + " ORDER BY node",
        NodeContacts::row,
        db.now());
  }

  /**
   * A run planned these nodes: each without a row gets one now, before the run applies anything, so
   * that whether it joined an applied fleet is judged by the fleet as it was. Two queries whatever
   * the fleet's size, plus one insert per node seen for the first time.
   */
  public void planned(java.util.Collection<String> nodes) {
    java.util.Set<String> known =
        new java.util.HashSet<>(db.query("SELECT node FROM node_contacts", rs -> rs.getString(1)));
    List<String> first = nodes.stream().filter(n -> !known.contains(n)).toList();
    if (first.isEmpty()) {
      return;
    }
    boolean applied = fleetApplied();
    first.forEach(n -> insert(n, applied));
  }

  /**
   * Whether the node is new to a fleet that had been applied before: never planned by a run (and
   * some node applied), or first planned after some node was (rows from before this was recorded
   * count as new).
   */
  public boolean joinedLater(String node) {
    return db.one(
            "SELECT joined_later FROM node_contacts WHERE node = ?",
            rs -> rs.getObject(1) == null || rs.getBoolean(1),
            node)
        .orElseGet(this::fleetApplied);
  }

  /** The nodes whose changes a busy check holds back, by name. */
  public List<NodeContact> deferred() {
    return db.query(
        "SELECT * FROM node_contacts WHERE deferred_since IS NOT NULL ORDER BY node",
        NodeContacts::row);
  }

  /** A node the desired state no longer has. */
  public void forget(String node) {
    db.update("DELETE FROM node_contacts WHERE node = ?", node);
  }

  private static NodeContact row(ResultSet rs) throws SQLException {
    return new NodeContact(
        rs.getString("node"),
        Db.optInstant(rs, "last_seen_at"),
        Db.optInstant(rs, "last_missed_at"),
        Db.optString(rs, "missed_reason"),
        Db.optInstant(rs, "deferred_since"),
        Db.optString(rs, "deferred_by"),
        Db.optInstant(rs, "deferral_told_at"),
        Db.optInstant(rs, "window_opens_at"));
  }
}
