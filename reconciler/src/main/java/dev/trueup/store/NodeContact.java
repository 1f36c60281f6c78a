package dev.trueup.store;

import java.time.Instant;
import java.util.Optional;

/**
 * When a run last reached a node, and when one last could not.
 *
 * @param missedReason why the last miss happened (the driver's words: refused, timed out, host key)
 * @param deferredSince when a busy check began holding changes of the node back, while it does
 * @param deferredBy the checks that held them in the last run
 * @param deferralTold when this deferral, past the node's maxDefer, was raised as an alert
 * @param windowOpensAt when the next maintenance window opens for changes of the node that wait
 */
public record NodeContact(
    String node,
    Optional<Instant> lastSeen,
    Optional<Instant> lastMissed,
    Optional<String> missedReason,
    Optional<Instant> deferredSince,
    Optional<String> deferredBy,
    Optional<Instant> deferralTold,
    Optional<Instant> windowOpensAt) {

  /** A contact with nothing deferred or waiting. */
  public NodeContact(
      String node,
      Optional<Instant> lastSeen,
      Optional<Instant> lastMissed,
      Optional<String> missedReason) {
    this(
        node,
        lastSeen,
        lastMissed,
        missedReason,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Missed since it was last seen: the node owes a run a catch-up when it answers again. */
  public boolean away() {
    return lastMissed.isPresent()
        && (lastSeen.isEmpty() || lastMissed.get().isAfter(lastSeen.get()));
  }
}
