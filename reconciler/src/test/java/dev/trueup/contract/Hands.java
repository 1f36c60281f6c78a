package dev.trueup.contract;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What a person can do to a back end by hand, around trueup: the drift the contract makes and the
 * checks of what a plan leaves alone. A back end offers only its own; a kind row that asks another
 * back end's hand fails loudly.
 */
interface Hands {
  /**
   * Runs a POSIX sh script as root on the node: {@code $ROOT} is its root ("" on ssh), {@code
   * $NODE} its name.
   */
  default void shell(String script) {
    throw new UnsupportedOperationException("no shell on this back end");
  }

  /** The container engine's own API, not trueup's. */
  default EngineApi engine() {
    throw new UnsupportedOperationException("no container engine on this back end");
  }

  /** A client of the API server, in the node's namespace's terms. */
  default KubernetesClient cluster() {
    throw new UnsupportedOperationException("no API server on this back end");
  }

  /** The namespace the node manages. */
  default String namespace() {
    throw new UnsupportedOperationException("no namespace on this back end");
  }
}
