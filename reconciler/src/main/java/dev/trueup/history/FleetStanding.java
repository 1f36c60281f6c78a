package dev.trueup.history;

import dev.trueup.source.CommitLog;
import dev.trueup.store.Approval;
import dev.trueup.store.DriftRecord;
import dev.trueup.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds to {@link NodesJson} where each node stands against the revision serve follows: its {@link
 * Standing}, its held changes, and how many commits its converged revision is behind. A handful of
 * queries for the whole fleet (not one per node), so the fleet page stays fast at a thousand.
 */
public final class FleetStanding {
  private FleetStanding() {}

  /**
   * The revision serve follows.
   *
   * @param history the Git repository holding its commits, when it is one
   * @param subdirectory where the fleet sits in that repository ("" at its top)
   */
  public record Head(String revision, Optional<Path> history, String subdirectory) {}

  /** Fields {@code standing}, {@code heldChanges}, {@code commitsBehind} on every node. */
  public static ObjectNode annotate(
      ObjectNode nodes, Store store, Optional<Head> head, List<Approval> pending) {
    Map<String, Integer> held = new HashMap<>();
    pending.forEach(a -> held.merge(a.node(), 1, Integer::sum));
    Set<String> failed = store.outcomes().failedInLatestRun();
    Map<String, Instant> drifted = new HashMap<>();
    for (DriftRecord r : store.driftReports().recent(Optional.empty(), Optional.empty(), 1)) {
      r.nodes().stream()
          .filter(e -> e.status() == DriftRecord.Status.DRIFTED)
          .forEach(e -> drifted.put(e.node(), r.detectedAt()));
    }
    Behind behind = new Behind(head);
    try {
      for (JsonNode n : nodes.path("nodes")) {
        String name = n.path("node").asString("");
        String converged = n.path("convergedRevision").asString(null);
        Instant convergedAt =
            n.path("lastConverged").isString()
                ? Instant.parse(n.path("lastConverged").asString())
                : Instant.MIN;
        Instant driftAt = drifted.get(name);
        Standing s =
            Standing.of(
                n.path("away").asBoolean(false),
                converged,
                head.map(Head::revision).orElse(null),
                held.getOrDefault(name, 0),
                failed.contains(name),
                driftAt != null && driftAt.isAfter(convergedAt));
        ObjectNode o = (ObjectNode) n;
        o.put("standing", s.json());
        o.put("heldChanges", held.getOrDefault(name, 0));
        o.put("commitsBehind", s == Standing.BEHIND ? behind.count(converged) : null);
      }
    } finally {
      behind.close();
    }
    return nodes;
  }

  /**
   * Commits between a converged revision and the head that touched the fleet, counted once per
   * distinct revision (a fleet has few). Null when the revision is no commit of the repository (a
   * content digest, or history rewritten since).
   */
  private static final class Behind implements AutoCloseable {
    private final Optional<Head> head;
    private final Map<String, Integer> counted = new HashMap<>();
    private CommitLog log;

    Behind(Optional<Head> head) {
      this.head = head;
    }

    Integer count(String converged) {
      if (head.isEmpty() || head.get().history().isEmpty() || converged == null) {
        return null;
      }
      return counted.computeIfAbsent(converged, this::walk);
    }

    private Integer walk(String converged) {
      try {
        if (log == null) {
          log = CommitLog.open(head.get().history().get());
        }
        if (!log.knows(converged) || !log.knows(head.get().revision())) {
          return null;
        }
        String sub = head.get().subdirectory();
        return log.touching(
                Optional.of(converged),
                head.get().revision(),
                sub.isEmpty() ? List.of() : List.of(sub))
            .size();
      } catch (RuntimeException e) {
        // A repository being replaced under a sync: the count is unknown this time, not an error.
        return null;
      }
    }

    @Override
    public void close() {
      if (log != null) {
        log.close();
      }
    }
  }
}
