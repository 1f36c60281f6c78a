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
    Origins origins,
    String nodeLabel) {

  /** The label scrape targets carry their node's name in, unless the fleet names another. */
  public static final String DEFAULT_NODE_LABEL = "node";

  /** A rule whose series carry the node's name in the default label. */
  public AlertRule(
      String metric,
      SortedMap<AlertLevel, Double> levels,
      AlertDirection direction,
      Optional<Duration> forDuration,
      Optional<String> expr,
      Origins origins) {
    this(metric, levels, direction, forDuration, expr, origins, DEFAULT_NODE_LABEL);
  }

  public AlertRule {
    levels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(levels));
    nodeLabel = nodeLabel == null ? DEFAULT_NODE_LABEL : nodeLabel;
  }

  /**
   * The PromQL expression the rule compares: the known metric's, or the user's own, as written (a
   * node's rules narrow it to the node: {@code render.PromQlNodeSelector}).
   */
  public String expression() {
    return expr.orElseGet(() -> KnownMetric.of(metric).map(KnownMetric::expr).orElse(metric));
  }
}
