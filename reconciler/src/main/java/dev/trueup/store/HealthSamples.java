package dev.trueup.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the services' health checks answered each time serve's health monitor ran them: the uptime
 * per environment and a node's health history are read from here.
 */
public final class HealthSamples {
  /** One check's answer at one time. */
  public record Sample(
      String node,
      String environment,
      String service,
      boolean healthy,
      Optional<String> reason,
      Instant at) {}

  /** Of {@code total} samples in a period, {@code healthy} passed. */
  public record Tally(long healthy, long total) {
    /** The share that passed, in percent; empty with no samples. */
    public Optional<Double> percent() {
      return total == 0 ? Optional.empty() : Optional.of(100.0 * healthy / total);
    }
  }

  private final Db db;

  HealthSamples(Db db) {
    this.db = db;
  }

  public void record(List<Sample> samples) {
    db.tx(
        c -> {
          for (Sample s : samples) {
            Db.insert(
                c,
                "INSERT INTO health_samples (node, environment, service, healthy, reason,"
                    + " sampled_at) VALUES (?, ?, ?, ?, ?, ?)",
                s.node(),
                s.environment(),
                s.service(),
                s.healthy(),
                s.reason().orElse(null),
                s.at());
          }
          return null;
        });
  }

  /** When the last sample was taken (on any replica), if ever. */
  public Optional<Instant> latest() {
    return db.one("SELECT MAX(sampled_at) AS at FROM health_samples", rs -> Db.optInstant(rs, "at"))
        .flatMap(x -> x);
  }

  /** A node's latest samples, newest first. */
  public List<Sample> recent(String node, int limit) {
    return db.query(
        "SELECT * FROM health_samples WHERE node = ? ORDER BY sampled_at DESC, id DESC LIMIT ?",
        HealthSamples::row,
        node,
        limit);
  }

  /** Per environment, the samples taken in [from, to) and how many passed. */
  public Map<String, Tally> byEnvironment(Instant from, Instant to) {
    Map<String, Tally> out = new LinkedHashMap<>();
    db.query(
            "SELECT environment, SUM(CASE WHEN healthy THEN 1 ELSE 0 END) AS ok, COUNT(*) AS n"
                + " FROM health_samples WHERE sampled_at >= ? AND sampled_at < ?"
                + " GROUP BY environment",
            rs ->
                Map.entry(
                    rs.getString("environment"), new Tally(rs.getLong("ok"), rs.getLong("n"))),
            from,
            to)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Drops samples taken before {@code cutoff}; returns how many. */
  public int prune(Instant cutoff) {
    return db.update("DELETE FROM health_samples WHERE sampled_at < ?", cutoff);
  }

  private static Sample row(ResultSet rs) throws SQLException {
    return new Sample(
        rs.getString("node"),
        rs.getString("environment"),
        rs.getString("service"),
        rs.getBoolean("healthy"),
        Db.optString(rs, "reason"),
        Db.instant(rs, "sampled_at"));
  }
}
