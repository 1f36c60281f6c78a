package dev.trueup.driver.docker.model;

import dev.trueup.model.EnvValue;
import dev.trueup.model.Runtime;
import dev.trueup.model.SecretRef;
import dev.trueup.model.Service;
import dev.trueup.model.value.PortMapping;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One container exactly as trueup wants it on a node: pure data, built from the model, holding
 * secret <em>references</em> only. The value of a secret is never here; at apply time a fingerprint
 * of it may be attached ({@link #withSecretFingerprints}) so that a changed value shows as changed.
 *
 * @param env literal environment variables
 * @param secretEnv environment variables whose value comes from a secret, by reference
 * @param secretFingerprints per secret variable, a fingerprint of the resolved value (empty in a
 *     plan; filled only by the applier)
 * @param ports published ports in canonical short syntax, sorted
 * @param volumes {@code source:target[:ro]}, sorted
 * @param restart {@code no}, {@code always}, {@code unless-stopped} or {@code on-failure[:N]}
 * @param network the network to join; empty means the engine's default
 * @param labels trueup's labels, including the ownership label and the spec hash
 */
public record DesiredContainer(
    String node,
    String service,
    String name,
    String image,
    List<String> command,
    SortedMap<String, String> env,
    SortedMap<String, SecretRef> secretEnv,
    SortedMap<String, String> secretFingerprints,
    List<String> ports,
    List<String> volumes,
    String restart,
    Optional<ContainerHealth> health,
    Optional<String> network,
    SortedMap<String, String> labels) {

  public static final String PREFIX = "trueup-";
  public static final String MANAGED = "dev.trueup.managed";
  public static final String NODE = "dev.trueup.node";
  public static final String SERVICE = "dev.trueup.service";
  public static final String SPEC_HASH = "dev.trueup.spec-hash";

  /** Names of every variable trueup set, so that one removed from desired state is noticed. */
  public static final String ENV_NAMES = "dev.trueup.env";

  /** {@code NAME=secret-ref;...}: which variables hold secrets, by reference (never a value). */
  public static final String SECRET_REFS = "dev.trueup.secret-refs";

  public DesiredContainer {
    command = List.copyOf(command);
    env = frozen(env);
    secretEnv = frozen(secretEnv);
    secretFingerprints = frozen(secretFingerprints);
    ports = List.copyOf(ports);
    volumes = List.copyOf(volumes);
    labels = frozen(labels);
  }

  /** The container of a {@code runtime: container} service on a node. */
  public static DesiredContainer of(String node, Service service) {
    return of(node, service, Optional.empty());
  }

  public static DesiredContainer of(String node, Service service, Optional<String> network) {
    if (service.runtime() != Runtime.CONTAINER || service.image().isEmpty()) {
      throw new IllegalArgumentException(
          "service '" + service.name() + "' is not a container service with an image");
    }
    TreeMap<String, String> literal = new TreeMap<>();
    TreeMap<String, SecretRef> secret = new TreeMap<>();
    service
        .env()
        .forEach(
            (k, v) -> {
              switch (v) {
                case EnvValue.Literal l -> literal.put(k, l.text());
                case EnvValue.Secret s -> secret.put(k, s.ref());
              }
            });
    List<String> ports = service.ports().stream().map(PortMapping::text).sorted().toList();
    List<String> volumes =
        service.volumes().stream().map(DesiredContainer::normalizeVolume).sorted().toList();
    return build(
        node,
        service.name(),
        service.image().get().text(),
        service.command(),
        literal,
        secret,
        ports,
        volumes,
        normalizeRestart(service.restart()),
        service.health().map(ContainerHealth::of),
        network);
  }

  /** Builds a desired container from already normalized parts, computing its labels. */
  public static DesiredContainer build(
      String node,
      String service,
      String image,
      List<String> command,
      Map<String, String> env,
      Map<String, SecretRef> secretEnv,
      List<String> ports,
      List<String> volumes,
      String restart,
      Optional<ContainerHealth> health,
      Optional<String> network) {
    TreeMap<String, String> literal = new TreeMap<>(env);
    TreeMap<String, SecretRef> secret = new TreeMap<>(secretEnv);
    List<String> sortedPorts = ports.stream().sorted().toList();
    List<String> sortedVolumes = volumes.stream().sorted().toList();
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put(MANAGED, "true");
    labels.put(NODE, node);
    labels.put(SERVICE, service);
    TreeMap<String, Boolean> names = new TreeMap<>();
    literal.keySet().forEach(k -> names.put(k, true));
    secret.keySet().forEach(k -> names.put(k, true));
    labels.put(ENV_NAMES, String.join(",", names.keySet()));
    labels.put(SECRET_REFS, secretRefs(secret));
    String canonical =
        String.join(
            "\n",
            "image=" + image,
            "command=" + String.join("\u0000", command),
            "env=" + literal,
            "secret-env=" + secretRefs(secret),
            "ports=" + sortedPorts,
            "volumes=" + sortedVolumes,
            "restart=" + restart,
            "health="
                + health.map(h -> h.test() + " " + h.interval() + " " + h.timeout()).orElse(""),
            "network=" + network.orElse(""),
            "labels=" + labels);
    labels.put(SPEC_HASH, sha256(canonical).substring(0, 16));
    return new DesiredContainer(
        node,
        service,
        PREFIX + service,
        image,
        command,
        literal,
        secret,
        new TreeMap<>(),
        sortedPorts,
        sortedVolumes,
        restart,
        health,
        network,
        labels);
  }

  /**
   * The same container with fingerprints of its resolved secret values, for the applier's own
   * comparison. Fingerprints are not part of the spec hash (labels are readable by anyone who can
   * inspect the container).
   */
  public DesiredContainer withSecretFingerprints(Map<String, String> fingerprints) {
    return new DesiredContainer(
        node,
        service,
        name,
        image,
        command,
        env,
        secretEnv,
        new TreeMap<>(fingerprints),
        ports,
        volumes,
        restart,
        health,
        network,
        labels);
  }

  public String specHash() {
    return labels.get(SPEC_HASH);
  }

  static String secretRefs(Map<String, SecretRef> secret) {
    StringBuilder sb = new StringBuilder();
    secret.forEach(
        (k, v) -> sb.append(sb.isEmpty() ? "" : ";").append(k).append('=').append(v.name()));
    return sb.toString();
  }

  public static SortedMap<String, String> parseSecretRefs(String label) {
    TreeMap<String, String> refs = new TreeMap<>();
    if (label == null || label.isEmpty()) {
      return refs;
    }
    for (String part : label.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        refs.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return refs;
  }

  /**
   * A fingerprint of one secret variable's value: enough to say "changed", useless for showing it.
   * It is kept in memory only, never printed.
   */
  public static String fingerprint(String name, String value) {
    return sha256("trueup secret env\u0000" + name + "\u0000" + value);
  }

  /** {@code source:target[:ro]}: the engine's default options (rw, rbind, rprivate) dropped. */
  public static String normalizeVolume(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length < 2) {
      return spec;
    }
    String base = parts[0] + ":" + parts[1];
    if (parts.length > 2) {
      for (String option : parts[2].split(",")) {
        if (option.equals("ro")) {
          return base + ":ro";
        }
      }
    }
    return base;
  }

  /** {@code no} for nothing written; {@code on-failure} keeps a retry count only when set. */
  public static String normalizeRestart(String restart) {
    if (restart == null || restart.isBlank()) {
      return "no";
    }
    if (restart.equals("on-failure:0")) {
      return "on-failure";
    }
    return restart.strip();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static <V> SortedMap<String, V> frozen(Map<String, V> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }

  @Override
  public String toString() {
    // Fingerprints are left out on purpose: they are for comparison, not for display.
    return "DesiredContainer[" + name + " on " + node + ", " + image + ", " + specHash() + "]";
  }
}
