package dev.trueup.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Drift a person asked trueup to leave alone until {@code until}.
 *
 * @param resource {@code kind:id}; empty for every resource of the node
 */
public record Snooze(
    long id,
    String node,
    Optional<String> resource,
    Instant until,
    String reason,
    String by,
    Instant at) {

  /** Whether this snooze covers that resource of its node. */
  public boolean covers(String kind, String id) {
    return resource.map(r -> r.equals(kind + ":" + id)).orElse(true);
  }
}
