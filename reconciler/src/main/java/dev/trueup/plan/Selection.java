package dev.trueup.plan;

import dev.trueup.model.Node;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which nodes a plan covers: by name, environment and group. An empty set does not restrict; a node
 * must match every non-empty set (any of its groups counts).
 */
public record Selection(
    SortedSet<String> nodes, SortedSet<String> environments, SortedSet<String> groups) {

  public Selection {
    nodes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(nodes));
    environments = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(environments));
    groups = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(groups));
  }

  public static Selection all() {
    return new Selection(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
  }

  public static Selection of(Set<String> nodes, Set<String> environments, Set<String> groups) {
    return new Selection(new TreeSet<>(nodes), new TreeSet<>(environments), new TreeSet<>(groups));
  }

  public boolean matches(Node node) {
    return (nodes.isEmpty() || nodes.contains(node.name()))
        && (environments.isEmpty() || environments.contains(node.environment()))
        && (groups.isEmpty() || node.groups().stream().anyMatch(groups::contains));
  }
}
