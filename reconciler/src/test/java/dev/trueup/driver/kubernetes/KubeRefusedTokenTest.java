package dev.trueup.driver.kubernetes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.driver.kubernetes.model.ConflictPolicy;
import dev.trueup.model.ClusterAccess;
import dev.trueup.secrets.SecretNotFound;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An expired or revoked token: the API server answers 401, and trueup says so, no more. */
@EnableKubernetesMockClient(https = false)
class KubeRefusedTokenTest {
  static KubernetesMockServer server;

  @TempDir Path dir;

  @Test
  void aTokenTheServerRefusesIsReportedAsCredentialsRefused() throws Exception {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/apps/secrets/db")
        .andReturn(401, "{\"kind\":\"Status\",\"message\":\"token expired: expired-token\"}")
        .always();
    Files.writeString(dir.resolve("token"), "expired-token");
    Path kubeconfig = dir.resolve("config");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "http://localhost:%d"}}]
        users: [{name: u, user: {tokenFile: token}}]
        contexts: [{name: mock, context: {cluster: mock, user: u}}]
        """
            .formatted(server.getPort()));
    KubernetesDriver driver =
        new KubernetesDriver(
            new KubeClientFactory(Duration.ofSeconds(5), Duration.ofSeconds(5), true),
            host -> Optional.empty(),
            KubeWriter.createOrUpdate(),
            ConflictPolicy.REPORT);

    assertThatThrownBy(
            () ->
                driver.read(
                    new ClusterAccess.Kubeconfig(kubeconfig.toString(), "mock", false),
                    "apps",
                    "db",
                    "password"))
        .isInstanceOf(SecretNotFound.class)
        .hasMessageEndingWith(": HTTP 401 (credentials refused)")
        .message()
        .doesNotContain("expired-token");
  }
}
