package dev.trueup.history;

import dev.trueup.store.Run;
import java.time.Instant;
import java.util.Optional;

/**
 * Which runs {@code trueup history} and {@code GET /api/v1/history} list.
 *
 * @param kind empty for every kind
 * @param node runs that touched the node (outcomes, journal) and drift checks that named it
 * @param since runs started at or after this instant
 * @param revision runs of a desired revision given in full or by its start (a short commit id)
 */
public record HistoryQuery(
    Optional<Run.Kind> kind,
    Optional<String> node,
    Optional<Instant> since,
    Optional<String> revision,
    int limit) {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 500;

  public HistoryQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("the limit must be at least 1");
    }
    limit = Math.min(limit, MAX_LIMIT);
    revision = revision.filter(r -> !r.isBlank());
  }

  public HistoryQuery(
      Optional<Run.Kind> kind, Optional<String> node, Optional<Instant> since, int limit) {
    this(kind, node, since, Optional.empty(), limit);
  }

  public static HistoryQuery all() {
    return new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
  }

  public boolean unfiltered() {
    return kind.isEmpty() && node.isEmpty() && since.isEmpty() && revision.isEmpty();
  }
}
