package dev.trueup.observe;

import dev.trueup.model.BusyCheck;
import dev.trueup.model.SecretRef;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What to look at on one node, gathered in one round trip: the paths and units the desired state
 * names, plus the directories where trueup-managed files live (so managed files that desired state
 * no longer names can be found and proposed for deletion).
 *
 * @param paths absolute paths of files and directories (as they would be on {@code /})
 * @param units systemd unit names
 * @param managedDirectories directories to list for files carrying trueup's marker
 * @param containers names of the containers desired state wants (observed through the node's
 *     container engine, and only when not empty or the node declares an engine)
 * @param secretFiles paths (among {@code paths}) of files that should hold a secret's value, with
 *     the secret: the driver says whether each live file holds it, keeping neither value nor digest
 * @param facts facts of the operating system, each {@code family name}: {@code package nginx},
 *     {@code sysctl net.ipv4.ip_forward}, {@code user deploy}, {@code uid 1001}, {@code group web}
 * @param busyChecks the node's busy checks by {@link BusyCheck#id()}: each command is run, and
 *     whether it said busy comes back as the fact {@code busy <id>}
 */
public record ObservationRequest(
    SortedSet<String> paths,
    SortedSet<String> units,
    SortedSet<String> managedDirectories,
    SortedSet<String> containers,
    SortedMap<String, SecretRef> secretFiles,
    SortedSet<String> facts,
    SortedMap<String, BusyCheck> busyChecks) {

  public ObservationRequest(
      SortedSet<String> paths,
      SortedSet<String> units,
      SortedSet<String> managedDirectories,
      SortedSet<String> containers,
      SortedMap<String, SecretRef> secretFiles,
      SortedSet<String> facts) {
    this(paths, units, managedDirectories, containers, secretFiles, facts, new TreeMap<>());
  }

  public ObservationRequest(
      SortedSet<String> paths,
      SortedSet<String> units,
      SortedSet<String> managedDirectories,
      SortedSet<String> containers,
      SortedMap<String, SecretRef> secretFiles) {
    this(paths, units, managedDirectories, containers, secretFiles, new TreeSet<>());
  }

  public ObservationRequest(
      SortedSet<String> paths,
      SortedSet<String> units,
      SortedSet<String> managedDirectories,
      SortedSet<String> containers) {
    this(paths, units, managedDirectories, containers, new TreeMap<>());
  }

  public ObservationRequest(
      SortedSet<String> paths, SortedSet<String> units, SortedSet<String> managedDirectories) {
    this(paths, units, managedDirectories, new TreeSet<>());
  }

  public ObservationRequest {
    paths = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(paths));
    units = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(units));
    managedDirectories =
        java.util.Collections.unmodifiableSortedSet(new TreeSet<>(managedDirectories));
    containers = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(containers));
    secretFiles = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(secretFiles));
    facts = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(facts));
    busyChecks = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(busyChecks));
  }

  /** The time the busy checks may take at most: the probe's deadline grows by it. */
  public java.time.Duration busyTime() {
    return busyChecks.values().stream()
        .map(BusyCheck::timeout)
        .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
  }

  /** The same request, also running {@code checks}. */
  public ObservationRequest withBusyChecks(List<BusyCheck> checks) {
    TreeMap<String, BusyCheck> byId = new TreeMap<>(busyChecks);
    checks.forEach(c -> byId.put(c.id(), c));
    return new ObservationRequest(
        paths, units, managedDirectories, containers, secretFiles, facts, byId);
  }

  public static ObservationRequest of(List<String> paths, List<String> units, List<String> dirs) {
    return new ObservationRequest(new TreeSet<>(paths), new TreeSet<>(units), new TreeSet<>(dirs));
  }
}
