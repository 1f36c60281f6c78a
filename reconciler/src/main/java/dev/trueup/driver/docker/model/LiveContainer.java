package dev.trueup.driver.docker.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trueup-labelled container as the engine reports it, reduced to the fields trueup sets. Values
 * of variables that trueup filled from secrets are not kept: only their fingerprints.
 *
 * @param env the container's literal environment (secret variables left out)
 * @param secretFingerprints per secret variable (per {@code dev.trueup.secret-refs}), a fingerprint
 *     of its live value
 * @param network the network mode, empty when the engine's default
 * @param healthStatus the engine's health status ({@code healthy}, {@code unhealthy}, {@code
 *     starting}) or empty when the container has no health check
 */
public record LiveContainer(
    String id,
    String name,
    String image,
    List<String> command,
    SortedMap<String, String> env,
    SortedMap<String, String> secretFingerprints,
    List<String> ports,
    List<String> volumes,
    String restart,
    Optional<ContainerHealth> health,
    Optional<String> network,
    SortedMap<String, String> labels,
    boolean running,
    Optional<String> healthStatus) {

  public LiveContainer {
    command = List.copyOf(command);
    env = frozen(env);
    secretFingerprints = frozen(secretFingerprints);
    ports = List.copyOf(ports.stream().sorted().toList());
    volumes = List.copyOf(volumes.stream().sorted().toList());
    labels = frozen(labels);
  }

  /** The variables trueup set when it created this container. */
  public List<String> trueupEnvNames() {
    String names = labels.getOrDefault(DesiredContainer.ENV_NAMES, "");
    return names.isEmpty() ? List.of() : List.of(names.split(","));
  }

  /** Secret variables by reference name, as the container's label records them. */
  public SortedMap<String, String> secretRefs() {
    return DesiredContainer.parseSecretRefs(labels.get(DesiredContainer.SECRET_REFS));
  }

  public String specHash() {
    return labels.getOrDefault(DesiredContainer.SPEC_HASH, "");
  }

  private static <V> SortedMap<String, V> frozen(Map<String, V> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }

  @Override
  public String toString() {
    return "LiveContainer[" + name + ", " + image + ", " + specHash() + "]";
  }
}
