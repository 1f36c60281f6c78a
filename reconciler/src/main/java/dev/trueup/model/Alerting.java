package dev.trueup.model;

import java.util.Optional;

/**
 * How the fleet's alert thresholds reach Prometheus: the label scrape targets carry their node's
 * name in, and the Prometheus to reload once a run changed rules files.
 *
 * @param prometheus the Prometheus base URL ({@code http://127.0.0.1:9090}), started with {@code
 *     --web.enable-lifecycle} so that {@code POST /-/reload} is on
 */
public record Alerting(String nodeLabel, Optional<String> prometheus) {
  public static final Alerting DEFAULTS =
      new Alerting(AlertRule.DEFAULT_NODE_LABEL, Optional.empty());
}
