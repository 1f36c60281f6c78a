package dev.trueup.driver.kubernetes;

/** A kubeconfig trueup will not use as it stands; the message names the file and the context. */
public final class KubeconfigRefused extends RuntimeException {
  public KubeconfigRefused(String message) {
    super(message);
  }
}
