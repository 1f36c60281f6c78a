package dev.trueup.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Origins origins,
    Optional<DockerEndpoint> docker,
    HostSetup host,
    Presence presence,
    ChangeTiming timing) {

  public Node {
    groups = List.copyOf(groups);
    services = frozen(services);
    schedules = frozen(schedules);
    alerts = frozen(alerts);
    files = frozen(files);
    directories = frozen(directories);
    secrets = frozen(secrets);
    docker = docker == null ? Optional.empty() : docker;
    host = host == null ? HostSetup.NONE : host;
    presence = presence == null ? Presence.ALWAYS_ON : presence;
    timing = timing == null ? ChangeTiming.ANY_TIME : timing;
  }

  /** A node that is always on and may be changed at any time. */
  public Node(
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
      Origins origins,
      Optional<DockerEndpoint> docker,
      HostSetup host) {
    this(
        name,
        description,
        environment,
        groups,
        connection,
        services,
        schedules,
        alerts,
        files,
        directories,
        secrets,
        origins,
        docker,
        host,
        Presence.ALWAYS_ON,
        ChangeTiming.ANY_TIME);
  }

  /** A node whose operating system is told nothing beyond files and services. */
  public Node(
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
      Origins origins,
      Optional<DockerEndpoint> docker) {
    this(
        name,
        description,
        environment,
        groups,
        connection,
        services,
        schedules,
        alerts,
        files,
        directories,
        secrets,
        origins,
        docker,
        HostSetup.NONE);
  }

  /** A node without a {@code docker:} block. */
  public Node(
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
    this(
        name,
        description,
        environment,
        groups,
        connection,
        services,
        schedules,
        alerts,
        files,
        directories,
        secrets,
        origins,
        Optional.empty());
  }

  /** The node's engine: its {@code docker:} block, else the default socket. */
  public DockerEndpoint dockerOrDefault() {
    return docker.orElseGet(
        () -> new DockerEndpoint.Socket(DockerEndpoint.DEFAULT_SOCKET, origins));
  }

  /** Whether any enabled service of the node runs as a container. */
  public boolean hasContainerServices() {
    return services.values().stream().anyMatch(s -> s.runtime() == Runtime.CONTAINER);
  }

  private static <V> SortedMap<String, V> frozen(Map<String, V> m) {
    return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }
}
