package dev.trueup.contract;

import dev.trueup.driver.docker.DockerSettings;
import dev.trueup.engine.Drivers;
import dev.trueup.model.DesiredState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A namespace of fabric8's mock API server in CRUD mode. No Kubernetes API server can run where
 * trueup is built, so this is the one back end of the contract that is a mock, and it stands in for
 * a cluster only as far as CRUD goes: it cannot do server-side apply, so the drivers write through
 * {@link Drivers.KubernetesWrites#MOCK_CREATE_OR_UPDATE} (no field ownership, no conflicts).
 */
record KubernetesBackEnd(KubernetesClient client, Path kubeconfig) implements BackEnd {
  static final String NAMESPACE = "contract";

  /** The value provider {@code contract-files} holds for key {@code password}. */
  static final String SECRET_VALUE = "contract-password-from-the-provider";

  /** The prometheus-operator's kind, addressed without API discovery as the driver does. */
  static final ResourceDefinitionContext PROMETHEUS_RULE =
      new ResourceDefinitionContext.Builder()
          .withGroup("monitoring.coreos.com")
          .withVersion("v1")
          .withKind("PrometheusRule")
          .withPlural("prometheusrules")
          .withNamespaced(true)
          .build();

  static KubernetesBackEnd open(KubernetesClient client, Path directory) {
    Path kubeconfig = directory.resolve("mock.kubeconfig");
    try {
      Files.createDirectories(directory.resolve("secrets"));
      Files.writeString(directory.resolve("secrets/password"), SECRET_VALUE);
      Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          clusters:
            - name: mock
              cluster: {server: "%s"}
          contexts:
            - name: mock
              context: {cluster: mock, user: tester}
          users:
            - name: tester
              user: {token: not-a-secret}
          current-context: mock
          """
              .formatted(client.getConfiguration().getMasterUrl()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KubernetesBackEnd(client, kubeconfig);
  }

  @Override
  public Where where() {
    return Where.KUBERNETES;
  }

  @Override
  public String nodeHeader() {
    return "connection: {driver: kubernetes, context: mock, namespace: %s, kubeconfig: %s}\n"
        .formatted(NAMESPACE, kubeconfig);
  }

  @Override
  public String fleetExtras() {
    return """
    secretProviders:
      contract-files: {type: files, directory: %s}
    """
        .formatted(kubeconfig.resolveSibling("secrets"));
  }

  @Override
  public Drivers drivers(DesiredState state) {
    return Drivers.standard(
        state, DockerSettings.defaults(), Drivers.KubernetesWrites.MOCK_CREATE_OR_UPDATE);
  }

  @Override
  public Hands hands() {
    return new Hands() {
      @Override
      public KubernetesClient cluster() {
        return client;
      }

      @Override
      public String namespace() {
        return NAMESPACE;
      }
    };
  }

  @Override
  public void clean() {
    client.apps().deployments().inNamespace(NAMESPACE).delete();
    client.services().inNamespace(NAMESPACE).delete();
    client.secrets().inNamespace(NAMESPACE).delete();
    client.configMaps().inNamespace(NAMESPACE).delete();
    client.batch().v1().cronjobs().inNamespace(NAMESPACE).delete();
    client.genericKubernetesResources(PROMETHEUS_RULE).inNamespace(NAMESPACE).delete();
  }
}
