package dev.trueup.model;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** One node, fully resolved: every inherited layer applied, every reference checked. */
public record Node(
    String name,
    String description,
    String environment,
    List<String> groups,
    Connection connection,
    SortedMap<String, Service> services,
    SortedMap<String, Schedule> schedules,
    SortedMap<String, AlertRule> alerts,
    SortedMap<String, ManagedFile> files,
    SortedMap<String, ManagedDirectory> directories,
    SortedMap<String, SecretBinding> secrets,
    Origins origins) {

  public Node {
    groups = List.copyOf(groups);
    services = frozen(services);
    schedules = frozen(schedules);
    alerts = frozen(alerts);
    files = frozen(files);
    directories = frozen(directories);
    secrets = frozen(secrets);
  }

  private static <V> SortedMap<String, V> frozen(Map<String, V> m) {
    return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }
}
