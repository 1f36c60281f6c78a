package dev.trueup.diff;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.render.ResourceKind;
import java.util.List;
import java.util.Optional;

/**
 * What trueup intends to do about one resource on one node.
 *
 * @param id the path, or the unit name
 * @param contentDiff a unified diff from live to desired content (empty when not shown)
 * @param contentNote why content is not shown, e.g. it is secret-bearing
 * @param origin where the desired state declares the resource (empty for deletions)
 */
public record Change(
    String node,
    ResourceKind kind,
    String id,
    Action action,
    List<FieldChange> fields,
    List<String> contentDiff,
    Optional<String> contentNote,
    Optional<SourceLocation> origin) {

  /**
   * The order a node's changes are applied in: directories, files, schedules, alert rules, unit
   * files, units, containers (the kinds' declaration order); deletions last.
   */
  public static final java.util.Comparator<Change> APPLY_ORDER =
      java.util.Comparator.comparing((Change c) -> c.action() == Action.DELETE)
          .thenComparing(Change::kind)
          .thenComparing(Change::id);

  public Change {
    fields = List.copyOf(fields);
    contentDiff = List.copyOf(contentDiff);
  }
}
