package dev.trueup.store;

import java.time.Instant;
import java.util.Optional;

/** What happened to one change in one run. */
public record Outcome(
    long runId,
    String node,
    String changeKey,
    Result result,
    Optional<String> detail,
    Instant recordedAt) {

  public enum Result {
    APPLIED,
    FAILED,
    ROLLED_BACK,
    SKIPPED
  }
}
