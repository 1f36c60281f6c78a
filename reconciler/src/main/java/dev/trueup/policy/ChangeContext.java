package dev.trueup.policy;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What classification and decision need to know about one change besides the change itself, all
 * gathered by the caller (the pipeline compares revisions and reads the commit log; this package
 * does no I/O).
 *
 * @param environment the node's environment
 * @param groups the node's groups
 * @param service the service the resource belongs to, if any
 * @param image the image the change moves a service from and to, if it does
 * @param structural what the change touches structurally (node added, ports, ...)
 * @param secretRefs the secret references the resource uses
 * @param commits the commits that touched the resource's sources since the last applied revision
 */
public record ChangeContext(
    String environment,
    List<String> groups,
    Optional<String> service,
    Origin origin,
    Optional<ImageBump> image,
    Set<Structural> structural,
    SortedSet<String> secretRefs,
    List<CommitMessage> commits) {

  public ChangeContext {
    groups = List.copyOf(groups);
    structural =
        structural.isEmpty()
            ? Set.of()
            : java.util.Collections.unmodifiableSet(EnumSet.copyOf(structural));
    secretRefs = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(secretRefs));
    commits = List.copyOf(commits);
  }

  /** A change in {@code environment} whose desired state moved, with nothing else known yet. */
  public static ChangeContext of(String environment) {
    return new ChangeContext(
        environment,
        List.of(),
        Optional.empty(),
        Origin.DESIRED_CHANGED,
        Optional.empty(),
        Set.of(),
        new TreeSet<>(),
        List.of());
  }

  public ChangeContext withGroups(String... g) {
    return new ChangeContext(
        environment, List.of(g), service, origin, image, structural, secretRefs, commits);
  }

  public ChangeContext withService(String s) {
    return new ChangeContext(
        environment, groups, Optional.of(s), origin, image, structural, secretRefs, commits);
  }

  public ChangeContext withOrigin(Origin o) {
    return new ChangeContext(
        environment, groups, service, o, image, structural, secretRefs, commits);
  }

  public ChangeContext withImage(ImageBump bump) {
    return new ChangeContext(
        environment, groups, service, origin, Optional.of(bump), structural, secretRefs, commits);
  }

  public ChangeContext with(Structural... facts) {
    EnumSet<Structural> all = EnumSet.noneOf(Structural.class);
    all.addAll(structural);
    all.addAll(List.of(facts));
    return new ChangeContext(environment, groups, service, origin, image, all, secretRefs, commits);
  }

  public ChangeContext withSecretRefs(String... refs) {
    return new ChangeContext(
        environment,
        groups,
        service,
        origin,
        image,
        structural,
        new TreeSet<>(List.of(refs)),
        commits);
  }

  public ChangeContext withCommits(CommitMessage... c) {
    return new ChangeContext(
        environment, groups, service, origin, image, structural, secretRefs, List.of(c));
  }
}
