package dev.trueup.observe;

import dev.trueup.driver.docker.model.LiveContainers;
import dev.trueup.driver.kubernetes.model.LiveNamespace;
import dev.trueup.live.LiveEntry;
import dev.trueup.live.LiveUnit;
import dev.trueup.live.Reachability;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything observed on one node in one round trip. An unreachable node has empty maps and its
 * reason in {@code reachability}.
 *
 * @param systemd whether the node runs systemd (units are managed only where it does)
 * @param managedFiles paths found under the managed directories that carry trueup's marker
 * @param containers what the node's container engine runs for trueup; empty when the engine was not
 *     looked at (the node has no container services)
 * @param kubernetes what a kubernetes node's namespace holds of trueup's; empty for other nodes
 */
public record LiveNode(
    String node,
    Reachability reachability,
    boolean systemd,
    SortedMap<String, LiveEntry> paths,
    SortedMap<String, LiveUnit> units,
    SortedSet<String> managedFiles,
    Optional<LiveContainers> containers,
    Optional<LiveNamespace> kubernetes) {

  public LiveNode(
      String node,
      Reachability reachability,
      boolean systemd,
      SortedMap<String, LiveEntry> paths,
      SortedMap<String, LiveUnit> units,
      SortedSet<String> managedFiles,
      Optional<LiveContainers> containers) {
    this(node, reachability, systemd, paths, units, managedFiles, containers, Optional.empty());
  }

  public LiveNode(
      String node,
      Reachability reachability,
      boolean systemd,
      SortedMap<String, LiveEntry> paths,
      SortedMap<String, LiveUnit> units,
      SortedSet<String> managedFiles) {
    this(node, reachability, systemd, paths, units, managedFiles, Optional.empty());
  }

  public LiveNode {
    containers = containers == null ? Optional.empty() : containers;
    kubernetes = kubernetes == null ? Optional.empty() : kubernetes;
    paths = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(paths));
    units = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(units));
    managedFiles = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(managedFiles));
  }

  public static LiveNode unreachable(String node, Reachability why) {
    return new LiveNode(node, why, false, new TreeMap<>(), new TreeMap<>(), new TreeSet<>());
  }

  /** The same observation with what the node's container engine runs. */
  public LiveNode withContainers(LiveContainers live) {
    return new LiveNode(
        node, reachability, systemd, paths, units, managedFiles, Optional.of(live), kubernetes);
  }

  /** The same observation with what a kubernetes node's namespace holds of trueup's. */
  public LiveNode withKubernetes(LiveNamespace live) {
    return new LiveNode(
        node, reachability, systemd, paths, units, managedFiles, containers, Optional.of(live));
  }

  public boolean observed() {
    return reachability instanceof Reachability.Observed;
  }
}
