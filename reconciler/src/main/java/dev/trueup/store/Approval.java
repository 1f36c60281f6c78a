package dev.trueup.store;

import dev.trueup.model.ChangeClass;
import java.time.Instant;
import java.util.Optional;

/**
 * A change held for a person's decision.
 *
 * @param id short and easy to type ({@code trueup approve k7m2qx}); lower case, no 0/1/i/l/o/u
 */
public record Approval(
    String id,
    String changeKey,
    String node,
    String resource,
    String desiredRevision,
    ChangeClass changeClass,
    Optional<String> reason,
    Status status,
    Instant requestedAt,
    Optional<String> decidedBy,
    Optional<Instant> decidedAt,
    Optional<String> note) {

  public enum Status {
    PENDING,
    APPROVED,
    REJECTED,
    /** The node's desired revision moved on before anyone decided. */
    EXPIRED
  }

  /** What a run asks approval for. */
  public record Request(
      String changeKey,
      String node,
      String resource,
      String desiredRevision,
      ChangeClass changeClass,
      String reason) {}
}
