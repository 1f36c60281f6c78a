package dev.trueup.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A unit of work for any replica, e.g. a run for a revision.
 *
 * @param payload JSON text; references only, never a secret value
 */
public record Job(
    long id,
    String kind,
    String payload,
    Status status,
    Instant notBefore,
    Optional<String> claimedBy,
    Optional<Instant> claimedAt,
    int attempts,
    Optional<String> detail) {

  public enum Status {
    QUEUED,
    CLAIMED,
    DONE,
    FAILED
  }
}
