package dev.trueup.driver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.driver.kubernetes.model.KubernetesTarget;
import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads kubeconfigs only; nothing here contacts any server. */
class KubeClientFactoryTest {
  @TempDir Path dir;

  private static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      current-context: exec
      clusters:
        - name: local
          cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}
        - name: remote
          cluster: {server: "https://203.0.113.10:6443"}
      users:
        - name: token-user
          user: {token: not-a-real-token}
        - name: exec-user
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: /usr/local/bin/cloud-login
              args: [token]
      contexts:
        - name: plain
          context: {cluster: local, user: token-user}
        - name: exec
          context: {cluster: local, user: exec-user}
        - name: far
          context: {cluster: remote, user: token-user}
      """;

  private final KubeClientFactory factory =
      new KubeClientFactory(Duration.ofSeconds(3), Duration.ofSeconds(7), true);

  private Path kubeconfig() throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(file, KUBECONFIG);
    return file;
  }

  @Test
  void usesTheNamedContextNamespaceAndTimeouts() throws Exception {
    Config config =
        factory.config(KubernetesTarget.kubeconfig("plain", "apps", kubeconfig(), false));
    assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
    assertThat(config.getNamespace()).isEqualTo("apps");
    assertThat(config.getConnectionTimeout()).isEqualTo(3000);
    assertThat(config.getRequestTimeout()).isEqualTo(7000);
  }

  @Test
  void execCredentialsAreRefusedUnlessAllowed() throws Exception {
    Path file = kubeconfig();
    assertThatThrownBy(
            () -> factory.config(KubernetesTarget.kubeconfig("exec", "apps", file, false)))
        .isInstanceOf(KubeconfigRefused.class)
        .hasMessageContaining("context 'exec'")
        .hasMessageContaining("exec credential plugin")
        .hasMessageContaining("/usr/local/bin/cloud-login")
        .hasMessageContaining("allowExecCredentials");
    Config allowed = factory.config(KubernetesTarget.kubeconfig("exec", "apps", file, true));
    assertThat(allowed.getNamespace()).isEqualTo("apps");
  }

  @Test
  void anUnknownContextOrANonLoopbackServerIsRefused() throws Exception {
    Path file = kubeconfig();
    assertThatThrownBy(
            () -> factory.config(KubernetesTarget.kubeconfig("nope", "apps", file, false)))
        .isInstanceOf(KubeconfigRefused.class)
        .hasMessageContaining("no context 'nope'");
    assertThatThrownBy(
            () -> factory.config(KubernetesTarget.kubeconfig("far", "apps", file, false)))
        .isInstanceOf(KubeconfigRefused.class)
        .hasMessageContaining("not a loopback address");
  }
}
