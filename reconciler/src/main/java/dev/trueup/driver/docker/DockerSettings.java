package dev.trueup.driver.docker;

import java.time.Duration;

/**
 * Deadlines of the docker driver. docker-java waits forever by default; every call here is bounded.
 *
 * @param connect opening a connection to the engine
 * @param response waiting for any one answer (also bounds a stop, which waits for {@code
 *     stopGrace})
 * @param observe observing one node as a whole (list and inspect)
 * @param stopGrace how long a container gets between SIGTERM and SIGKILL
 * @param health how long a new container has to become running and healthy
 * @param pull pulling an absent image
 */
public record DockerSettings(
    Duration connect,
    Duration response,
    Duration observe,
    Duration stopGrace,
    Duration health,
    Duration pull) {

  public static DockerSettings defaults() {
    return new DockerSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofMinutes(5));
  }

  public DockerSettings withResponse(Duration value) {
    return new DockerSettings(connect, value, observe, stopGrace, health, pull);
  }

  public DockerSettings withObserve(Duration value) {
    return new DockerSettings(connect, response, value, stopGrace, health, pull);
  }

  public DockerSettings withStopGrace(Duration value) {
    return new DockerSettings(connect, response, observe, value, health, pull);
  }

  public DockerSettings withHealth(Duration value) {
    return new DockerSettings(connect, response, observe, stopGrace, value, pull);
  }
}
