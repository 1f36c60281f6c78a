package dev.trueup.driver.kubernetes.model;

/**
 * Something in a node's desired state that a Kubernetes namespace cannot express as written (a
 * systemd-dialect schedule, a systemd service, a fixed-offset time zone, ...). The message says
 * what and why.
 */
public final class NotRepresentable extends RuntimeException {
  public NotRepresentable(String message) {
    super(message);
  }
}
