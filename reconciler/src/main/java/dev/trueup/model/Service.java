package dev.trueup.model;

import dev.trueup.model.value.ImageRef;
import dev.trueup.model.value.PortMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service as one node runs it, after the definition, its environment override and the node's own
 * entry were merged.
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
    Origins origins) {

  public Service {
    command = List.copyOf(command);
    ports = List.copyOf(ports);
    env = Map.copyOf(env);
    volumes = List.copyOf(volumes);
  }
}
