package dev.trueup.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A command run on the node in the probe's round trip whose exit status 0 says "busy": while it
 * does, changes that would restart or disrupt what it guards wait. A node's (or group's, or
 * environment's) check guards every disruptive change of the node; a service's guards the changes
 * that restart that service.
 *
 * @param timeout how long the command may run; past it the probe kills it and {@code onTimeout}
 *     says what that means
 * @param service the service whose check this is, empty for the node's own
 */
public record BusyCheck(
    String name,
    String command,
    Duration timeout,
    OnTimeout onTimeout,
    Optional<String> service,
    Origins origins) {

  /** The longest a check may run: every check's time counts against the probe's own deadline. */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** What a check that ran out of time means. */
  public enum OnTimeout {
    /** A check that hangs is taken as busy: a box too loaded to answer is not one to restart. */
    BUSY,
    NOT_BUSY;

    public String yaml() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public BusyCheck {
    service = service == null ? Optional.empty() : service;
  }

  /** Unique on a node: {@code gpu-busy}, or {@code ollama/gpu-busy} for a service's check. */
  public String id() {
    return service.map(s -> s + "/" + name).orElse(name);
  }
}
