package dev.trueup.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One drift check as the store keeps it: its counts, the nodes it names and the report's JSON. A
 * clean check is a row too, with zero counts and no nodes ("checked, clean").
 *
 * @param runId the drift run that made it
 * @param summary the report as JSON (format {@code trueup-drift/1}); secret-bearing content is
 *     redacted by the plan it comes from
 * @param reportFile the Markdown file written for it, when one was
 */
public record DriftRecord(
    long id,
    Optional<Long> runId,
    String desiredRevision,
    Instant detectedAt,
    int nodesChecked,
    int nodesDrifted,
    int changes,
    int unreachable,
    String summary,
    Optional<String> reportFile,
    List<NodeEntry> nodes) {

  public DriftRecord {
    nodes = List.copyOf(nodes);
  }

  /** Nothing drifted and every node answered. */
  public boolean clean() {
    return changes == 0 && unreachable == 0;
  }

  /** A node a report names: its drifted changes, or that it could not be observed. */
  public record NodeEntry(String node, Status status, int changes) {}

  public enum Status {
    DRIFTED,
    UNREACHABLE;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What a drift check asks the store to record. */
  public record New(
      Long runId,
      String desiredRevision,
      Instant detectedAt,
      int nodesChecked,
      int nodesDrifted,
      int changes,
      int unreachable,
      String summary,
      String reportFile,
      List<NodeEntry> nodes) {

    public New {
      nodes = List.copyOf(nodes);
    }
  }
}
