package dev.trueup.driver.kubernetes.model;

import dev.trueup.model.EnvValue;
import dev.trueup.model.HealthCheck;
import dev.trueup.model.Runtime;
import dev.trueup.model.SecretRef;
import dev.trueup.model.Service;
import dev.trueup.model.value.PortMapping;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A container service as Kubernetes objects: a Deployment, a Service when it publishes ports, and a
 * Secret when its environment references secrets. Pure: no client, no secret values.
 */
public final class Workloads {

  /** The Secret holding a service's secret variables is named after the service. */
  public static final String SECRET_SUFFIX = "-secrets";

  private static final int DEFAULT_REPLICAS = 1;

  private Workloads() {}

  public static Deployment deployment(String node, Service service) {
    requireContainer(service);
    String name = service.name();
    Map<String, String> selector = selector(node, name);
    TreeMap<String, String> labels = new TreeMap<>(Labels.owned(node));
    labels.put(Labels.NAME, name);
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(name)
            .withImage(service.image().get().text())
            .withEnv(env(service))
            .withPorts(containerPorts(service.ports()));
    if (!service.command().isEmpty()) {
      // A service's command replaces the image's CMD, as Kubernetes' args does.
      container.withArgs(service.command());
    }
    service.health().map(Workloads::probe).ifPresent(container::withReadinessProbe);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(DEFAULT_REPLICAS)
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(selector)
        .endMetadata()
        .withNewSpec()
        .withContainers(container.build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The Service in front of the Deployment, or empty when the service publishes no port. */
  public static Optional<io.fabric8.kubernetes.api.model.Service> service(
      String node, Service service) {
    requireContainer(service);
    if (service.ports().isEmpty()) {
      return Optional.empty();
    }
    List<ServicePort> ports = new ArrayList<>();
    for (PortMapping p : service.ports()) {
      int published = p.hostPort() == 0 ? p.containerPort() : p.hostPort();
      ports.add(
          new ServicePortBuilder()
              .withName(p.protocol().name().toLowerCase(java.util.Locale.ROOT) + "-" + published)
              .withPort(published)
              .withTargetPort(new IntOrString(p.containerPort()))
              .withProtocol(p.protocol().name())
              .build());
    }
    TreeMap<String, String> labels = new TreeMap<>(Labels.owned(node));
    labels.put(Labels.NAME, service.name());
    return Optional.of(
        new ServiceBuilder()
            .withNewMetadata()
            .withName(service.name())
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(selector(node, service.name()))
            .withPorts(ports)
            .endSpec()
            .build());
  }

  /**
   * The Secret as a plan shows it: no data, only which reference fills which key. The applier fills
   * the values ({@link SecretMaterializer}); empty when the service references no secret.
   */
  public static Optional<Secret> secret(String node, Service service) {
    SortedMap<String, SecretRef> refs = secretRefs(service);
    if (refs.isEmpty()) {
      return Optional.empty();
    }
    TreeMap<String, String> labels = new TreeMap<>(Labels.owned(node));
    labels.put(Labels.NAME, service.name());
    return Optional.of(
        new SecretBuilder()
            .withNewMetadata()
            .withName(service.name() + SECRET_SUFFIX)
            .withLabels(labels)
            .withAnnotations(Map.of(Labels.SECRET_REFS, SecretMaterializer.refsText(refs)))
            .endMetadata()
            .withType("Opaque")
            .build());
  }

  /** The service's secret variables by name, with the reference each one reads. */
  public static SortedMap<String, SecretRef> secretRefs(Service service) {
    TreeMap<String, SecretRef> refs = new TreeMap<>();
    service
        .env()
        .forEach(
            (k, v) -> {
              if (v instanceof EnvValue.Secret s) {
                refs.put(k, s.ref());
              }
            });
    return refs;
  }

  private static void requireContainer(Service service) {
    if (service.runtime() != Runtime.CONTAINER || service.image().isEmpty()) {
      throw new NotRepresentable(
          "service '"
              + service.name()
              + "' runs as a systemd unit; a kubernetes node runs container services only");
    }
    if (!service.volumes().isEmpty()) {
      throw new NotRepresentable(
          "service '"
              + service.name()
              + "' mounts host volumes ("
              + String.join(", ", service.volumes())
              + "); the kubernetes driver does not map volumes yet");
    }
  }

  private static Map<String, String> selector(String node, String name) {
    return Map.of(Labels.NAME, name, Labels.NODE, node);
  }

  private static List<EnvVar> env(Service service) {
    List<EnvVar> env = new ArrayList<>();
    new TreeMap<>(service.env())
        .forEach(
            (k, v) -> {
              switch (v) {
                case EnvValue.Literal l ->
                    env.add(new EnvVarBuilder().withName(k).withValue(l.text()).build());
                case EnvValue.Secret s ->
                    env.add(
                        new EnvVarBuilder()
                            .withName(k)
                            .withNewValueFrom()
                            .withNewSecretKeyRef()
                            .withName(service.name() + SECRET_SUFFIX)
                            .withKey(k)
                            .endSecretKeyRef()
                            .endValueFrom()
                            .build());
              }
            });
    return env;
  }

  private static List<ContainerPort> containerPorts(List<PortMapping> ports) {
    return ports.stream()
        .map(
            p ->
                new ContainerPortBuilder()
                    .withContainerPort(p.containerPort())
                    .withProtocol(p.protocol().name())
                    .build())
        .toList();
  }

  private static Probe probe(HealthCheck check) {
    ProbeBuilder probe =
        new ProbeBuilder()
            .withPeriodSeconds(Math.max(1, Math.toIntExact(check.interval().toSeconds())))
            .withTimeoutSeconds(Math.max(1, Math.toIntExact(check.timeout().toSeconds())));
    switch (check) {
      case HealthCheck.Http http -> {
        // The probe asks the pod itself: only the path and port of the URL carry over.
        URI uri = URI.create(http.url());
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        String path =
            uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
          path = path + "?" + uri.getRawQuery();
        }
        probe
            .withNewHttpGet()
            .withPath(path)
            .withPort(new IntOrString(port))
            .withScheme("https".equals(uri.getScheme()) ? "HTTPS" : "HTTP")
            .endHttpGet();
      }
      case HealthCheck.Tcp tcp -> {
        String address = tcp.address();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        probe.withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket();
      }
      case HealthCheck.Command command ->
          probe.withNewExec().withCommand("/bin/sh", "-c", command.command()).endExec();
    }
    return probe.build();
  }
}
