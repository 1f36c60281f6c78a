package dev.trueup.observe.kubernetes;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A node of kind kubernetes: one context of a kubeconfig and one namespace in that cluster.
 *
 * @param context the kubeconfig context to use (never the file's current-context by accident)
 * @param namespace where every object of the node lives
 * @param kubeconfig the kubeconfig file
 * @param allowExecCredentials whether a user entry with an {@code exec} credential plugin may be
 *     used: such a plugin runs a program named in the file on every token refresh, so it is refused
 *     unless the operator says otherwise
 */
public record KubernetesTarget(
    String context, String namespace, Path kubeconfig, boolean allowExecCredentials) {

  public KubernetesTarget {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    if (context.isBlank()) {
      throw new IllegalArgumentException("kubernetes context is empty");
    }
    if (!namespace.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "kubernetes namespace \"" + namespace + "\" is not a valid DNS label");
    }
  }
}
