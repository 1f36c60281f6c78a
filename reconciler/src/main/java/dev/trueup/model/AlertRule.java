package dev.trueup.model;

import java.time.Duration;
import java.util.Map;
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

  public static AlertRule of(String metric, Map<AlertLevel, Double> levels, AlertDirection dir) {
    return new AlertRule(
        metric, new TreeMap<>(levels), dir, Optional.empty(), Optional.empty(), Origins.of(null));
  }
}
