package dev.trueup.model;

/**
 * How trueup reaches and authenticates to a Kubernetes API server, for a node of kind kubernetes
 * and for a secret provider of type kubernetes alike.
 */
public sealed interface ClusterAccess {

  /** What messages call this access, e.g. {@code context 'prod'}. */
  String describe();

  /**
   * A context of a kubeconfig file. A user entry with {@code tokenFile} is read on every request,
   * so a rotated token (a projected service-account token) is picked up without a restart.
   *
   * @param file absolute, or {@code ~/...} (the home directory of the user trueup runs as)
   * @param allowExecCredentials whether a user entry that runs an exec credential plugin may be
   *     used
   */
  record Kubeconfig(String file, String context, boolean allowExecCredentials)
      implements ClusterAccess {
    public static final String DEFAULT_FILE = "~/.kube/config";

    @Override
    public String describe() {
      return "context '" + context + "'";
    }
  }

  /**
   * The service account of the pod trueup runs in: the API server from {@code
   * KUBERNETES_SERVICE_HOST}/{@code KUBERNETES_SERVICE_PORT}, the CA and the (rotating) token from
   * {@code /var/run/secrets/kubernetes.io/serviceaccount}.
   */
  record InCluster() implements ClusterAccess {
    @Override
    public String describe() {
      return "the pod's service account (in-cluster)";
    }
  }
}
