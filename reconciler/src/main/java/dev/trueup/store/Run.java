package dev.trueup.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One run of the pipeline.
 *
 * @param trigger what started it, e.g. {@code poll}, {@code webhook:github}, {@code manual:alice}
 * @param owner the process that runs it ({@link Owner}), heart-beating while it does
 */
public record Run(
    long id,
    String trigger,
    Optional<String> desiredRevision,
    Status status,
    String owner,
    Instant heartbeatAt,
    Instant startedAt,
    Optional<Instant> finishedAt,
    Optional<String> summary) {

  public enum Status {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Its owner stopped heart-beating: killed mid-run. The next run finishes what is left. */
    INTERRUPTED
  }
}
