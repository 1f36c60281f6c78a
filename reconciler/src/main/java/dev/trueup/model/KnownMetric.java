package dev.trueup.model;

import java.util.Optional;

/**
 * Metrics trueup knows: which way they alert, their valid range, and how Prometheus computes them.
 */
public enum KnownMetric {
  CPU_PERCENT(
      "cpu_percent",
      AlertDirection.ABOVE,
      0,
      100,
      "100 * (1 - avg(rate(node_cpu_seconds_total{mode=\"idle\"}[5m])))"),
  MEMORY_PERCENT(
      "memory_percent",
      AlertDirection.ABOVE,
      0,
      100,
      "100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)"),
  DISK_PERCENT(
      "disk_percent",
      AlertDirection.ABOVE,
      0,
      100,
      "100 * (1 - node_filesystem_avail_bytes{mountpoint=\"/\"} /"
          + " node_filesystem_size_bytes{mountpoint=\"/\"})"),
  LOAD_AVERAGE("load_average", AlertDirection.ABOVE, 0, Double.MAX_VALUE, "node_load5"),
  SSL_EXPIRY_DAYS(
      "ssl_expiry_days",
      AlertDirection.BELOW,
      0,
      36500,
      "(probe_ssl_earliest_cert_expiry - time()) / 86400");

  private final String yaml;
  private final AlertDirection direction;
  private final double min;
  private final double max;
  private final String expr;

  KnownMetric(String yaml, AlertDirection direction, double min, double max, String expr) {
    this.yaml = yaml;
    this.direction = direction;
    this.min = min;
    this.max = max;
    this.expr = expr;
  }

  public String yaml() {
    return yaml;
  }

  public AlertDirection direction() {
    return direction;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public String expr() {
    return expr;
  }

  public static Optional<KnownMetric> of(String name) {
    for (KnownMetric m : values()) {
      if (m.yaml.equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
