package dev.trueup.store;

import java.time.Instant;
import java.util.Optional;

/**
 * When a run last reached a node, and when one last could not.
 *
 * @param missedReason why the last miss happened (the driver's words: refused, timed out, host key)
 */
public record NodeContact(
    String node,
    Optional<Instant> lastSeen,
    Optional<Instant> lastMissed,
    Optional<String> missedReason) {

  /** Missed since it was last seen: the node owes a run a catch-up when it answers again. */
  public boolean away() {
    return lastMissed.isPresent()
        && (lastSeen.isEmpty() || lastMissed.get().isAfter(lastSeen.get()));
  }
}
