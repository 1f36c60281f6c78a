package dev.trueup.observe;

import dev.trueup.live.LiveEntry;
import dev.trueup.live.LivePart;
import dev.trueup.live.LiveUnit;
import dev.trueup.live.Reachability;
import java.util.ArrayList;
import java.util.List;
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
 * @param parts what other back ends observed there, at most one of each type (the container
 *     engine's containers when the node has container services, a kubernetes node's namespace);
 *     each back end's differ asks for its own with {@link #part}
 */
public record LiveNode(
    String node,
    Reachability reachability,
    boolean systemd,
    SortedMap<String, LiveEntry> paths,
    SortedMap<String, LiveUnit> units,
    SortedSet<String> managedFiles,
    List<LivePart> parts) {

  public LiveNode(
      String node,
      Reachability reachability,
      boolean systemd,
      SortedMap<String, LiveEntry> paths,
      SortedMap<String, LiveUnit> units,
      SortedSet<String> managedFiles) {
    this(node, reachability, systemd, paths, units, managedFiles, List.of());
  }

  public LiveNode {
    paths = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(paths));
    units = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(units));
    managedFiles = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(managedFiles));
    parts = List.copyOf(parts);
  }

  public static LiveNode unreachable(String node, Reachability why) {
    return new LiveNode(node, why, false, new TreeMap<>(), new TreeMap<>(), new TreeSet<>());
  }

  /** The part of that type a back end observed, if it looked. */
  public <T extends LivePart> Optional<T> part(Class<T> type) {
    return parts.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** The same observation with {@code part}, in place of any earlier part of its type. */
  public LiveNode with(LivePart part) {
    List<LivePart> next = new ArrayList<>();
    parts.stream().filter(p -> p.getClass() != part.getClass()).forEach(next::add);
    next.add(part);
    return new LiveNode(node, reachability, systemd, paths, units, managedFiles, next);
  }

  public boolean observed() {
    return reachability instanceof Reachability.Observed;
  }
}
