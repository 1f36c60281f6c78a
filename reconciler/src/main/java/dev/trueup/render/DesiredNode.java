package dev.trueup.render;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Everything trueup will manage on one node, rendered: resources in plan order (kind, then id), and
 * the resources that could not be rendered.
 */
public record DesiredNode(
    String node,
    String environment,
    List<String> groups,
    List<DesiredResource> resources,
    List<RenderError> errors) {

  public static final Comparator<DesiredResource> ORDER =
      Comparator.comparing(DesiredResource::kind).thenComparing(DesiredResource::id);

  public DesiredNode {
    groups = List.copyOf(groups);
    resources = resources.stream().sorted(ORDER).toList();
    errors = List.copyOf(errors);
  }

  /** The first resource with that id, of any kind: for an id known to be unique, such as a path. */
  public Optional<DesiredResource> find(String id) {
    return resources.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The resource of that id in the kind's namespace ({@link ResourceKind#namespace}). */
  public Optional<DesiredResource> find(ResourceKind kind, String id) {
    return resources.stream()
        .filter(r -> r.id().equals(id) && r.kind().namespace().equals(kind.namespace()))
        .findFirst();
  }
}
