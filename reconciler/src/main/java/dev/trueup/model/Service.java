package dev.trueup.model;

import dev.trueup.model.value.ImageRef;
import dev.trueup.model.value.PortMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service as one node runs it, after the definition, its environment override and the node's own
 * entry were merged.
 *
 * @param after the services of the node it starts after (and wants running)
 */
public record Service(
    String name,
    String description,
    Runtime runtime,
    Optional<ImageRef> image,
    List<String> command,
    List<PortMapping> ports,
    Map<String, EnvValue> env,
    List<String> volumes,
    String restart,
    Optional<SystemdUnit> systemd,
    Optional<HealthCheck> health,
    Origins origins,
    List<String> after) {

  /** A service that waits for no other. */
  public Service(
      String name,
      String description,
      Runtime runtime,
      Optional<ImageRef> image,
      List<String> command,
      List<PortMapping> ports,
      Map<String, EnvValue> env,
      List<String> volumes,
      String restart,
      Optional<SystemdUnit> systemd,
      Optional<HealthCheck> health,
      Origins origins) {
    this(
        name,
        description,
        runtime,
        image,
        command,
        ports,
        env,
        volumes,
        restart,
        systemd,
        health,
        origins,
        List.of());
  }

  public Service {
    after = List.copyOf(after);
    command = List.copyOf(command);
    ports = List.copyOf(ports);
    env = Map.copyOf(env);
    volumes = List.copyOf(volumes);
  }
}
