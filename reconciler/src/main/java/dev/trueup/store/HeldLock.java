package dev.trueup.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A node lock as the {@code node_locks} table shows it.
 *
 * @param session on PostgreSQL the backend pid of the holder's dedicated session
 */
public record HeldLock(String node, String owner, Optional<String> session, Instant acquiredAt) {}
