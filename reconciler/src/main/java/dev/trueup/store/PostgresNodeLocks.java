package dev.trueup.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node locks as PostgreSQL session advisory locks, each on its own dedicated connection (never a
 * pooled one: a session lock survives {@code close()} of a pooled connection). Killing the session
 * — the process dies, the network drops, an operator runs {@code pg_terminate_backend} — releases
 * the lock. The key is derived from the schema and the node name, so two installations sharing a
 * database in different schemas do not collide.
 */
final class PostgresNodeLocks extends NodeLocks {
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final String schema;
  private final Set<Held> open = ConcurrentHashMap.newKeySet();

  PostgresNodeLocks(Db db, Owner owner, Connector connector, String schema) {
    super(db, owner);
    this.connector = connector;
    this.schema = schema;
  }

  @Override
  public Optional<NodeLock> tryLock(String node) {
    long key = key(schema, node);
    Connection c = null;
    try {
      c = connector.connect();
      var row =
          Db.one(
                  c,
                  "SELECT pg_try_advisory_lock(?) AS got, pg_backend_pid() AS pid",
                  rs -> new Object[] {rs.getBoolean("got"), rs.getInt("pid")},
                  key)
              .orElseThrow();
      if (!(Boolean) row[0]) {
        c.close();
        return Optional.empty();
      }
      String session = String.valueOf(row[1]);
      Db.update(
          c,
          db.dialect()
              .upsert(
                  "node_locks",
                  List.of("node"),
                  List.of("node", "owner", "holder_session", "acquired_at")),
          node,
          owner.toString(),
          session,
          db.now());
      Held held = new Held(node, key, session, c);
      open.add(held);
      return Optional.of(held);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StoreException("could not lock node " + node + ": " + e.getMessage(), e);
    }
  }

  @Override
  void closeAll() {
    for (Held h : List.copyOf(open)) {
      h.close();
    }
  }

  static long key(String schema, String node) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(("trueup-node\0" + schema + "\0" + node).getBytes(StandardCharsets.UTF_8));
      long k = 0;
      for (int i = 0; i < 8; i++) {
        k = (k << 8) | (d[i] & 0xff);
      }
      return k;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the session is gone either way
      }
    }
  }

  private final class Held implements NodeLock {
    private final String node;
    private final long key;
    private final String session;
    private final Connection connection;

    Held(String node, long key, String session, Connection connection) {
      this.node = node;
      this.key = key;
      this.session = session;
      this.connection = connection;
    }

    @Override
    public String node() {
      return node;
    }

    @Override
    public boolean isHeld() {
      try {
        return !connection.isClosed() && connection.isValid(2);
      } catch (SQLException e) {
        return false;
      }
    }

    @Override
    public void close() {
      if (!open.remove(this)) {
        return;
      }
      try {
        Db.update(
            connection,
            "DELETE FROM node_locks WHERE node = ? AND holder_session = ?",
            node,
            session);
        Db.one(connection, "SELECT pg_advisory_unlock(?)", rs -> rs.getBoolean(1), key);
      } catch (SQLException e) {
        // The session died: the lock went with it. Clear the stale row if it is still ours.
        db.update("DELETE FROM node_locks WHERE node = ? AND holder_session = ?", node, session);
      } finally {
        closeQuietly(connection);
      }
    }
  }
}
