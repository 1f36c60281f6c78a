package dev.trueup.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.model.ClusterAccess;
import dev.trueup.model.Node;
import dev.trueup.model.SecretBinding;
import dev.trueup.model.SecretProvider;
import dev.trueup.model.SecretRef;
import dev.trueup.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

  @TempDir Path dir;

  private SecretResolver resolver(Map<String, String> env) {
    return new SecretResolver(
        Map.of(
            "env",
            new SecretProvider("env", "env", Map.of("prefix", "TRUEUP_SECRET_"), TestNodes.HERE),
            "files",
            new SecretProvider(
                "files",
                "files",
                Map.of("directory", dir.resolve("s").toString()),
                TestNodes.HERE)),
        env);
  }

  private static Node nodeWith(String ref, String provider, String key) {
    return TestNodes.node(
        "aurora",
        new dev.trueup.model.Connection.Local(Optional.empty(), TestNodes.HERE),
        Map.of(ref, new SecretBinding(ref, provider, key, "node", TestNodes.HERE)));
  }

  @Test
  void kubernetesProviderReadsSecretNameSlashDataKeyThroughTheGivenReader() {
    SecretProvider k8s =
        new SecretProvider(
            "k8s",
            "kubernetes",
            Map.of("context", "c", "namespace", "aurora", "kubeconfig", "/k"),
            TestNodes.HERE);
    java.util.List<String> asked = new java.util.ArrayList<>();
    KubernetesSecrets reader =
        (access, namespace, secret, key) -> {
          asked.add(String.join(" ", access.toString(), namespace, secret, key));
          return secret.equals("db") && key.equals("password")
              ? Optional.of("pw".getBytes(java.nio.charset.StandardCharsets.UTF_8))
              : Optional.empty();
        };
    SecretResolver r = new SecretResolver(Map.of("k8s", k8s), Map.of(), reader);
    assertThat(r.resolve(nodeWith("db/pw", "k8s", "db/password"), new SecretRef("db/pw")).reveal())
        .isEqualTo("pw");
    assertThat(asked)
        .containsExactly(new ClusterAccess.Kubeconfig("/k", "c", false) + " aurora db password");
    assertThatThrownBy(
            () -> r.resolve(nodeWith("db/pw", "k8s", "db/other"), new SecretRef("db/pw")))
        .isInstanceOf(SecretNotFound.class)
        .hasMessageContaining("Secret aurora/db has no key 'other'");
    assertThatThrownBy(() -> r.resolve(nodeWith("db/pw", "k8s", "db"), new SecretRef("db/pw")))
        .hasMessageContaining("is not secret-name/data-key");
    assertThatThrownBy(
            () ->
                new SecretResolver(Map.of("k8s", k8s), Map.of())
                    .resolve(nodeWith("db/pw", "k8s", "db/password"), new SecretRef("db/pw")))
        .hasMessageContaining("not available");
  }

  @Test
  void aKubernetesProviderWithInClusterReadsThroughThePodsServiceAccount() {
    SecretProvider k8s =
        new SecretProvider(
            "k8s",
            "kubernetes",
            Map.of("inCluster", "true", "namespace", "aurora"),
            TestNodes.HERE);
    java.util.List<ClusterAccess> asked = new java.util.ArrayList<>();
    KubernetesSecrets reader =
        (access, namespace, secret, key) -> {
          asked.add(access);
          return Optional.of("pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        };
    SecretResolver r = new SecretResolver(Map.of("k8s", k8s), Map.of(), reader);
    assertThat(r.resolve(nodeWith("db/pw", "k8s", "db/password"), new SecretRef("db/pw")).reveal())
        .isEqualTo("pw");
    assertThat(asked).containsExactly(new ClusterAccess.InCluster());
  }

  @Test
  void environmentProviderReadsPrefixedVariableFromTheGivenEnvironment() {
    SecretValue v =
        resolver(Map.of("TRUEUP_SECRET_HUBSPOT_API_KEY", "hs-123"))
            .resolve(
                nodeWith("hubspot/api-key", "env", "HUBSPOT_API_KEY"),
                new SecretRef("hubspot/api-key"));
    assertThat(v.reveal()).isEqualTo("hs-123");
    assertThat(v).hasToString("[secret]");
    assertThat(String.valueOf(v)).doesNotContain("hs-123");
  }

  @Test
  void filesProviderTrimsExactlyOneTrailingNewline() throws Exception {
    Files.createDirectories(dir.resolve("s"));
    Files.writeString(dir.resolve("s/pw"), "hunter2\n\n");
    SecretValue v =
        resolver(Map.of()).resolve(nodeWith("db/pw", "files", "pw"), new SecretRef("db/pw"));
    assertThat(v.reveal()).isEqualTo("hunter2\n");
  }

  @Test
  void missingSecretNamesReferenceAndNodeButNoValue() {
    assertThatThrownBy(
            () ->
                resolver(Map.of("OTHER", "hs-123"))
                    .resolve(
                        nodeWith("hubspot/api-key", "env", "HUBSPOT_API_KEY"),
                        new SecretRef("hubspot/api-key")))
        .isInstanceOf(SecretNotFound.class)
        .hasMessageContaining("hubspot/api-key")
        .hasMessageContaining("aurora")
        .hasMessageContaining("TRUEUP_SECRET_HUBSPOT_API_KEY")
        .message()
        .doesNotContain("hs-123");
    assertThatThrownBy(
            () ->
                resolver(Map.of()).resolve(nodeWith("x", "env", "X"), new SecretRef("unbound/ref")))
        .hasMessageContaining("unbound/ref")
        .hasMessageContaining("no binding");
  }

  @Test
  void filesProviderRefusesSymlinksAndKeysLeavingTheDirectory() throws Exception {
    Files.createDirectories(dir.resolve("s"));
    Files.writeString(dir.resolve("outside"), "top-secret-elsewhere");
    Files.createSymbolicLink(dir.resolve("s/link"), dir.resolve("outside"));
    SecretResolver r = resolver(Map.of());
    assertThatThrownBy(() -> r.resolve(nodeWith("a", "files", "link"), new SecretRef("a")))
        .hasMessageContaining("symlink")
        .message()
        .doesNotContain("top-secret-elsewhere");
    assertThatThrownBy(() -> r.resolve(nodeWith("a", "files", "../outside"), new SecretRef("a")))
        .hasMessageContaining("not a plain file name");
    assertThatThrownBy(() -> r.resolve(nodeWith("a", "files", "absent"), new SecretRef("a")))
        .hasMessageContaining("does not exist")
        .hasMessageContaining("'a'")
        .hasMessageContaining("aurora");
  }
}
