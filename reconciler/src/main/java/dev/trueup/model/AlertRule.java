package dev.trueup.model;

import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Thresholds of one metric on one node, by level. */
public record AlertRule(
    String metric,
    SortedMap<AlertLevel, Double> levels,
    AlertDirection direction,
    Optional<Duration> forDuration,
    Optional<String> expr,
    Origins origins) {

  public AlertRule {
    levels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(levels));
  }

  /** The PromQL expression the rule compares: the known metric's, or the user's own. */
  public String expression() {
    return expr.orElseGet(() -> KnownMetric.of(metric).map(KnownMetric::expr).orElse(metric));
  }
}
