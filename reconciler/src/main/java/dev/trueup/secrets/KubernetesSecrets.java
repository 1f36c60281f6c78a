package dev.trueup.secrets;

import dev.trueup.model.ClusterAccess;
import java.util.Optional;

/**
 * Reads one data key of a Secret in a Kubernetes namespace: what the {@code kubernetes} secret
 * provider needs from a cluster, kept behind this interface so that secrets know no driver (the
 * kubernetes driver implements it; the engine hands it to {@link SecretResolver}).
 */
public interface KubernetesSecrets {

  /**
   * The value of {@code key} in Secret {@code secret}, empty when the Secret or the key does not
   * exist.
   *
   * @param access how the cluster is reached: a kubeconfig context or the pod's service account
   * @throws SecretNotFound when the cluster may not or cannot be asked (the message says why)
   */
  Optional<byte[]> read(ClusterAccess access, String namespace, String secret, String key);

  /** No cluster access: every lookup fails, saying so. */
  KubernetesSecrets NONE =
      (access, namespace, secret, key) -> {
        throw new SecretNotFound("kubernetes secret provider is not available in this run");
      };
}
