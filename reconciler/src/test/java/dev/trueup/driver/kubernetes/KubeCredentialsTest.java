package dev.trueup.driver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.driver.kubernetes.model.ConflictPolicy;
import dev.trueup.driver.kubernetes.model.KubernetesTarget;
import dev.trueup.model.ClusterAccess;
import dev.trueup.secrets.SecretNotFound;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens from files, against fabric8's mock API server over TLS (its self-signed certificate
 * is the cluster CA, so TLS is verified for real): a kubeconfig user's {@code tokenFile} and the
 * pod's service account are read on every request, so a rotated token is the one the next request
 * carries.
 */
@EnableKubernetesMockClient(crud = true, https = true)
class KubeCredentialsTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

  @TempDir Path dir;

  @BeforeEach
  void aSecretToRead() {
    client
        .secrets()
        .inNamespace("apps")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .endMetadata()
                .withStringData(Map.of("password", "from-the-cluster"))
                .build())
        .createOr(op -> op.update());
  }

  private KubernetesDriver driver(ServiceAccount pod) {
    return new KubernetesDriver(
        new KubeClientFactory(Duration.ofSeconds(5), Duration.ofSeconds(10), true, pod),
        host -> Optional.empty(),
        KubeWriter.createOrUpdate(),
        ConflictPolicy.REPORT);
  }

  private Path caFile() throws Exception {
    Path ca = dir.resolve("ca.crt");
    Files.copy(Path.of(server.getSelfSignedCertificate().certificatePath()), ca);
    return ca;
  }

  private String bearerOfLastRequest() throws Exception {
    return server.getLastRequest().getHeader("Authorization");
  }

  private static String read(KubernetesDriver driver, ClusterAccess access) {
    return new String(
        driver.read(access, "apps", "db", "password").orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void aKubeconfigTokenFileIsReadAgainOnEveryRequest() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "first-token\n");
    Path kubeconfig = dir.resolve("config");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster: {server: "https://localhost:%d", certificate-authority: "%s"}
        users:
          - name: rotating
            user: {tokenFile: token, token: stale-inline-token}
        contexts:
          - name: mock
            context: {cluster: mock, user: rotating}
        """
            .formatted(server.getPort(), caFile()));
    KubernetesDriver driver = driver(ServiceAccount.ofThisPod());
    ClusterAccess access = new ClusterAccess.Kubeconfig(kubeconfig.toString(), "mock", false);

    assertThat(read(driver, access)).isEqualTo("from-the-cluster");
    assertThat(bearerOfLastRequest()).isEqualTo("Bearer first-token");

    Files.writeString(token, "second-token\n");
    assertThat(read(driver, access)).isEqualTo("from-the-cluster");
    assertThat(bearerOfLastRequest()).isEqualTo("Bearer second-token");
  }

  @Test
  void inClusterUsesThePodsServiceAccountAndItsRotatedToken() throws Exception {
    Path account = Files.createDirectories(dir.resolve("serviceaccount"));
    Files.copy(caFile(), account.resolve("ca.crt"));
    Files.writeString(account.resolve("token"), "pod-token-1");
    ServiceAccount pod =
        new ServiceAccount(
            account,
            Map.of(
                    "KUBERNETES_SERVICE_HOST",
                    "localhost",
                    "KUBERNETES_SERVICE_PORT",
                    Integer.toString(server.getPort()))
                ::get);
    KubernetesDriver driver = driver(pod);

    assertThat(read(driver, new ClusterAccess.InCluster())).isEqualTo("from-the-cluster");
    assertThat(bearerOfLastRequest()).isEqualTo("Bearer pod-token-1");

    // The kubelet rotates a projected token by swapping the file under the mount.
    Path next = account.resolve("token.next");
    Files.writeString(next, "pod-token-2");
    Files.move(next, account.resolve("token"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(read(driver, new ClusterAccess.InCluster())).isEqualTo("from-the-cluster");
    assertThat(bearerOfLastRequest()).isEqualTo("Bearer pod-token-2");
  }

  @Test
  void aMissingOrEmptyTokenIsRefusedWithItsReasonBeforeAnyRequest() throws Exception {
    Path account = Files.createDirectories(dir.resolve("serviceaccount"));
    Files.copy(caFile(), account.resolve("ca.crt"));
    Map<String, String> env =
        Map.of(
            "KUBERNETES_SERVICE_HOST",
            "localhost",
            "KUBERNETES_SERVICE_PORT",
            Integer.toString(server.getPort()));
    KubernetesDriver driver = driver(new ServiceAccount(account, env::get));
    int before = server.getRequestCount();

    assertThatThrownBy(() -> read(driver, new ClusterAccess.InCluster()))
        .isInstanceOf(SecretNotFound.class)
        .hasMessageContaining("the pod's service account (in-cluster): token file")
        .hasMessageContaining("cannot be read");

    Files.writeString(account.resolve("token"), "  \n");
    assertThatThrownBy(() -> read(driver, new ClusterAccess.InCluster()))
        .isInstanceOf(SecretNotFound.class)
        .hasMessageEndingWith("is empty");
    assertThat(server.getRequestCount()).isEqualTo(before);
  }

  @Test
  void inClusterOutsideAPodSaysSo() {
    KubernetesDriver driver = driver(new ServiceAccount(dir, name -> null));
    assertThatThrownBy(() -> read(driver, new ClusterAccess.InCluster()))
        .isInstanceOf(SecretNotFound.class)
        .hasMessageContaining("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set");
  }

  @Test
  void inClusterIsHeldToTheLoopbackRuleToo() throws Exception {
    Path account = Files.createDirectories(dir.resolve("serviceaccount"));
    Files.copy(caFile(), account.resolve("ca.crt"));
    Files.writeString(account.resolve("token"), "pod-token");
    Map<String, String> env =
        Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443");
    KubeClientFactory factory =
        new KubeClientFactory(
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            true,
            new ServiceAccount(account, env::get));
    assertThatThrownBy(
            () -> factory.config(new KubernetesTarget(new ClusterAccess.InCluster(), "apps")))
        .isInstanceOf(KubeconfigRefused.class)
        .hasMessageContaining("https://10.96.0.1:443")
        .hasMessageContaining("not a loopback address");
  }
}
