package dev.trueup.observe;

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
 */
public record LiveNode(
    String node,
    Reachability reachability,
    boolean systemd,
    SortedMap<String, LiveEntry> paths,
    SortedMap<String, LiveUnit> units,
    SortedSet<String> managedFiles) {

  public LiveNode {
    paths = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(paths));
    units = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(units));
    managedFiles = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(managedFiles));
  }

  public static LiveNode unreachable(String node, Reachability why) {
    return new LiveNode(node, why, false, new TreeMap<>(), new TreeMap<>(), new TreeSet<>());
  }

  public boolean observed() {
    return reachability instanceof Reachability.Observed;
  }
}
