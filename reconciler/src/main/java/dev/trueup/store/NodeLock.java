package dev.trueup.store;

/**
 * A held lock on one node: while it is held no other run (in this process or another replica)
 * changes the node. Closing releases it; on PostgreSQL it also dies with its database session.
 */
public interface NodeLock extends AutoCloseable {
  String node();

  /** False once the lock is gone, e.g. its database session was killed: stop changing the node. */
  boolean isHeld();

  @Override
  void close();
}
