package dev.trueup.driver.kubernetes;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The service account of the pod trueup runs in, as the kubelet provides it: the API server's
 * address in {@code KUBERNETES_SERVICE_HOST}/{@code KUBERNETES_SERVICE_PORT}, the cluster CA and a
 * projected token (rotated, so read on every request) under {@code directory}. The pod's namespace
 * file is not used: every node names the namespace its objects live in.
 *
 * @param directory normally {@code /var/run/secrets/kubernetes.io/serviceaccount}
 * @param environment how variables are looked up (the process environment, or a test's)
 */
public record ServiceAccount(Path directory, Function<String, String> environment) {
  public static final Path STANDARD_DIRECTORY =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /** The pod trueup runs in (if it runs in one). */
  public static ServiceAccount ofThisPod() {
    return new ServiceAccount(STANDARD_DIRECTORY, System::getenv);
  }

  /**
   * A client configuration built from the service account alone (none of fabric8's own environment
   * or system-property lookups).
   *
   * @throws KubeconfigRefused when trueup does not run in a pod or the account's files are missing
   */
  Config config(String what) {
    String host = environment.apply("KUBERNETES_SERVICE_HOST");
    String port = environment.apply("KUBERNETES_SERVICE_PORT");
    if (host == null || host.isBlank() || port == null || port.isBlank()) {
      throw new KubeconfigRefused(
          what
              + ": KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (trueup is not"
              + " running in a pod; use a kubeconfig context instead)");
    }
    if (!port.strip().matches("[0-9]{1,5}")) {
      throw new KubeconfigRefused(what + ": KUBERNETES_SERVICE_PORT '" + port + "' is not a port");
    }
    Path ca = directory.resolve("ca.crt");
    if (!Files.isReadable(ca)) {
      throw new KubeconfigRefused(what + ": the cluster CA " + ca + " cannot be read");
    }
    TokenFile token = TokenFile.checked(directory.resolve("token"), what);
    String h = host.strip();
    Config config = Config.empty();
    config.setMasterUrl("https://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port.strip());
    config.setCaCertFile(ca.toString());
    config.setOauthTokenProvider(token);
    return config;
  }
}
