package dev.trueup.plan;

import dev.trueup.diagnostic.DidYouMean;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which nodes a plan covers: by name, environment and group. An empty set does not restrict; a node
 * must match every non-empty set (any of its groups counts). Every name must exist in the desired
 * state ({@link #unknownNames}); known names that together match no node are not an error.
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

  public boolean isAll() {
    return nodes.isEmpty() && environments.isEmpty() && groups.isEmpty();
  }

  /**
   * The names the desired state does not have, each as a sentence with a did-you-mean: a node must
   * be declared, an environment listed in fleet.yaml, a group have a member.
   */
  public List<String> unknownNames(DesiredState state) {
    Set<String> groupsWithMembers = new TreeSet<>();
    state.nodes().values().forEach(n -> groupsWithMembers.addAll(n.groups()));
    List<String> out = new ArrayList<>();
    nodes.stream()
        .filter(n -> !state.nodes().containsKey(n))
        .forEach(n -> out.add(unknown("node", n, state.nodes().keySet())));
    environments.stream()
        .filter(e -> !state.environments().contains(e))
        .forEach(e -> out.add(unknown("environment", e, state.environments())));
    groups.stream()
        .filter(g -> !groupsWithMembers.contains(g))
        .forEach(g -> out.add(unknown("group", g, groupsWithMembers)));
    return out;
  }

  /** The selection as it would be written on the command line. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    nodes.forEach(n -> parts.add("--node " + n));
    environments.forEach(e -> parts.add("--environment " + e));
    groups.forEach(g -> parts.add("--group " + g));
    return String.join(" ", parts);
  }

  private static String unknown(String kind, String name, Collection<String> known) {
    String what = "no " + kind + " named '" + name + "'";
    Optional<String> close = DidYouMean.closest(name, known).or(() -> onlyExtension(name, known));
    if (close.isPresent()) {
      return what + " (did you mean '" + close.get() + "'?)";
    }
    if (known.isEmpty()) {
      return what + " (the desired state has none)";
    }
    List<String> some = known.stream().sorted().limit(10).toList();
    return what
        + " (known: "
        + String.join(", ", some)
        + (known.size() > some.size() ? ", ..." : "")
        + ")";
  }

  /** {@code prod} for {@code production}: a prefix of exactly one known name. */
  private static Optional<String> onlyExtension(String prefix, Collection<String> known) {
    List<String> matches = known.stream().filter(k -> k.startsWith(prefix)).toList();
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }
}
