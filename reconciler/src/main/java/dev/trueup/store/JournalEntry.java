package dev.trueup.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One action, written before it is attempted and completed after it.
 *
 * @param action what was about to be done, e.g. {@code write-file}, {@code restart-unit}
 * @param recoveredBy the run that took over this entry after its own run was interrupted
 */
public record JournalEntry(
    long id,
    long runId,
    String node,
    String changeKey,
    String action,
    State state,
    Instant startedAt,
    Optional<Instant> completedAt,
    Optional<String> detail,
    Optional<Long> recoveredBy) {

  public enum State {
    STARTED,
    COMPLETED,
    FAILED,
    /** Its run died while the action was in flight; a later run re-observed the node. */
    INTERRUPTED
  }
}
