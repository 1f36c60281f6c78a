package dev.trueup.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One run of the pipeline.
 *
 * @param trigger what started it, e.g. {@code poll}, {@code webhook:github}, {@code manual:alice}
 * @param owner the process that runs it ({@link Owner}), heart-beating while it does
 * @param kind what the run did: applied, checked for drift, or reported on a change
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
    Optional<String> summary,
    Kind kind) {

  /** What a run does. Only {@link #APPLY} runs change nodes. */
  public enum Kind {
    APPLY,
    /** Observed the fleet against the applied revision and reported drift; never applies. */
    DRIFT,
    REPORT;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind named {@code text} (any case), or empty. */
    public static Optional<Kind> fromJson(String text) {
      for (Kind k : values()) {
        if (k.name().equalsIgnoreCase(text)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  public enum Status {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Its owner stopped heart-beating: killed mid-run. The next run finishes what is left. */
    INTERRUPTED
  }
}
