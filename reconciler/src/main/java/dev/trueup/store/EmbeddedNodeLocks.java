package dev.trueup.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node locks of the embedded store: a row in {@code node_locks}, valid for one process. The
 * embedded database is opened by one process at a time, so rows left by an earlier process are
 * stale and are cleared when the store opens.
 */
final class EmbeddedNodeLocks extends NodeLocks {
  /** This JVM: its pid and start time, so a reused pid is not mistaken for us. */
  static final String PROCESS =
      ProcessHandle.current().pid()
          + "@"
          + ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);

  private static final AtomicLong SEQUENCE = new AtomicLong();
  private final Set<Held> open = ConcurrentHashMap.newKeySet();

  EmbeddedNodeLocks(Db db, Owner owner) {
    super(db, owner);
    db.update("DELETE FROM node_locks WHERE holder_session NOT LIKE ?", PROCESS + "#%");
  }

  @Override
  public Optional<NodeLock> tryLock(String node) {
    String session = PROCESS + "#" + SEQUENCE.incrementAndGet();
    try {
      db.update(
          "INSERT INTO node_locks (node, owner, holder_session, acquired_at) VALUES (?, ?, ?, ?)",
          node,
          owner.toString(),
          session,
          db.now());
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException s && Db.isUniqueViolation(s)) {
        return Optional.empty();
      }
      throw e;
    }
    Held held = new Held(node, session);
    open.add(held);
    return Optional.of(held);
  }

  @Override
  void closeAll() {
    for (Held h : List.copyOf(open)) {
      h.close();
    }
  }

  private final class Held implements NodeLock {
    private final String node;
    private final String session;
    private boolean closed;

    Held(String node, String session) {
      this.node = node;
      this.session = session;
    }

    @Override
    public String node() {
      return node;
    }

    @Override
    public boolean isHeld() {
      return !closed
          && db.one(
                  "SELECT 1 FROM node_locks WHERE node = ? AND holder_session = ?",
                  rs -> 1,
                  node,
                  session)
              .isPresent();
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        open.remove(this);
        db.update("DELETE FROM node_locks WHERE node = ? AND holder_session = ?", node, session);
      }
    }
  }
}
