package dev.trueup.observe;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What to look at on one node, gathered in one round trip: the paths and units the desired state
 * names, plus the directories where trueup-managed files live (so managed files that desired state
 * no longer names can be found and proposed for deletion).
 *
 * @param paths absolute paths of files and directories (as they would be on {@code /})
 * @param units systemd unit names
 * @param managedDirectories directories to list for files carrying trueup's marker
 */
public record ObservationRequest(
    SortedSet<String> paths, SortedSet<String> units, SortedSet<String> managedDirectories) {

  public ObservationRequest {
    paths = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(paths));
    units = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(units));
    managedDirectories =
        java.util.Collections.unmodifiableSortedSet(new TreeSet<>(managedDirectories));
  }

  public static ObservationRequest of(List<String> paths, List<String> units, List<String> dirs) {
    return new ObservationRequest(new TreeSet<>(paths), new TreeSet<>(units), new TreeSet<>(dirs));
  }
}
