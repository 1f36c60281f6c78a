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

  public Change {
    fields = List.copyOf(fields);
    contentDiff = List.copyOf(contentDiff);
  }
}
