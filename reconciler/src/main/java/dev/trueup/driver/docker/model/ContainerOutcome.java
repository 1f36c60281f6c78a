package dev.trueup.driver.docker.model;

import java.time.Duration;

/**
 * What applying one container change did.
 *
 * @param message for people: what happened, and why when it failed (never a secret value)
 */
public record ContainerOutcome(
    String name, ContainerAction action, Status status, String message, Duration took) {

  public enum Status {
    /** The change is in place (and the container healthy, when it declares a check). */
    APPLIED,
    /** The new container was not healthy: the previous one is back under its name and running. */
    ROLLED_BACK,
    /** Nothing could be done, or a failure left the node as it was before. */
    FAILED,
    /** The name belongs to a container trueup does not own: left untouched. */
    CONFLICT
  }
}
