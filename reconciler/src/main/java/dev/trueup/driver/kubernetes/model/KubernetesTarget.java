package dev.trueup.driver.kubernetes.model;

import dev.trueup.model.ClusterAccess;
import java.util.Objects;

/**
 * A node of kind kubernetes (or a kubernetes secret provider): how the cluster is reached and the
 * one namespace every object lives in.
 */
public record KubernetesTarget(ClusterAccess access, String namespace) {

  public KubernetesTarget {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(namespace, "namespace");
    if (access instanceof ClusterAccess.Kubeconfig k && k.context().isBlank()) {
      throw new IllegalArgumentException("kubernetes context is empty");
    }
    if (!namespace.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "kubernetes namespace \"" + namespace + "\" is not a valid DNS label");
    }
  }

  /** A kubeconfig context, for tests and callers that hold a path. */
  public static KubernetesTarget kubeconfig(
      String context, String namespace, java.nio.file.Path file, boolean allowExecCredentials) {
    return new KubernetesTarget(
        new ClusterAccess.Kubeconfig(file.toString(), context, allowExecCredentials), namespace);
  }
}
