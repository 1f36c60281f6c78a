package dev.trueup.driver.docker.model;

import java.util.Optional;

/**
 * Whether a container just started is healthy, from what was observed of it: a pure function (as
 * gitops-engine keeps health apart from sync), so each case is a test by value and the applier only
 * gathers the facts and waits.
 */
public sealed interface HealthVerdict {
  /** Running, and healthy (or declaring no check). */
  record Healthy() implements HealthVerdict {}

  /** Will not become healthy: roll back with this reason. */
  record Unhealthy(String reason) implements HealthVerdict {}

  /** Not healthy yet: try again until the deadline; {@code last} says why not. */
  record Pending(String last) implements HealthVerdict {}

  /**
   * @param running whether the engine says the container runs
   * @param exitCode its exit code when it does not
   * @param declaresCheck whether desired state declares a health check
   * @param engineStatus the engine's own health status ({@code healthy}, {@code unhealthy}, {@code
   *     starting}, or empty when it schedules no check)
   * @param checkExit the exit code of the check trueup ran itself; empty when it timed out or was
   *     not run
   * @param checkRan whether trueup ran the check this time
   */
  private static HealthVerdict of(
      boolean running,
      Long exitCode,
      boolean declaresCheck,
      String engineStatus,
      Optional<Long> checkExit,
      boolean checkRan) {
    if (!running) {
      return new Unhealthy("container is not running (exit code " + exitCode + ")");
    }
    if (!declaresCheck || "healthy".equals(engineStatus)) {
      return new Healthy();
    }
    if ("unhealthy".equals(engineStatus)) {
      return new Unhealthy("engine reports the container unhealthy");
    }
    if (!checkRan) {
      return new Pending("not checked yet");
    }
    return checkExit
        .<HealthVerdict>map(
            code -> code == 0 ? new Healthy() : new Pending("check exited with " + code))
        .orElseGet(() -> new Pending("check did not finish in time"));
  }

  /** The engine's facts alone, before trueup runs the check itself. */
  static HealthVerdict observed(
      boolean running, Long exitCode, boolean declaresCheck, String engineStatus) {
    return of(running, exitCode, declaresCheck, engineStatus, Optional.empty(), false);
  }

  /** With the result of the check trueup ran (empty: it did not finish in time). */
  static HealthVerdict checked(Optional<Long> checkExit) {
    return of(true, null, true, "", checkExit, true);
  }
}
