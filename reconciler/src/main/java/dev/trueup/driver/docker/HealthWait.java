package dev.trueup.driver.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.trueup.driver.docker.model.ContainerHealth;
import dev.trueup.driver.docker.model.DesiredContainer;
import dev.trueup.driver.docker.model.HealthVerdict;
import dev.trueup.observe.exec.Deadline;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a container just started to be healthy: gathers the engine's facts and runs the
 * declared check itself when the engine does not, and leaves the verdict to {@link HealthVerdict}.
 */
final class HealthWait {
  private HealthWait() {}

  /** Empty when the container runs and is healthy (or declares no check); else why not. */
  static Optional<String> waitHealthy(
      EngineConnection engine, String id, DesiredContainer desired) {
    DockerClient client = engine.client();
    Deadline deadline = Deadline.in(engine.settings().health());
    String last = "not checked yet";
    while (true) {
      switch (look(client, id, desired)) {
        case HealthVerdict.Healthy h -> {
          return Optional.empty();
        }
        case HealthVerdict.Unhealthy u -> {
          return Optional.of(u.reason());
        }
        case HealthVerdict.Pending p -> last = p.last();
      }
      ContainerHealth health = desired.health().get();
      if (deadline.passed()) {
        return Optional.of(
            "not healthy within " + engine.settings().health().toMillis() + " ms (" + last + ")");
      }
      long pause = Math.min(Math.max(100, health.interval().toMillis()), 2000);
      try {
        Thread.sleep(Math.min(pause, Math.max(1, deadline.remainingMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("interrupted while waiting for health");
      }
    }
  }

  /**
   * The health monitor's look at a running container, without waiting: the engine's status, or the
   * declared check run once when the engine schedules none. Empty when healthy; else why not.
   */
  static Optional<String> now(EngineConnection engine, String id, DesiredContainer desired) {
    return switch (look(engine.client(), id, desired)) {
      case HealthVerdict.Healthy h -> Optional.empty();
      case HealthVerdict.Unhealthy u -> Optional.of(u.reason());
      // Starting, or the check failed this once: a sample says so rather than waiting it out.
      case HealthVerdict.Pending p -> Optional.of(p.last());
    };
  }

  /** One look: the engine's facts, and the declared check run when they do not settle it. */
  private static HealthVerdict look(DockerClient client, String id, DesiredContainer desired) {
    var state = client.inspectContainerCmd(id).exec().getState();
    HealthVerdict verdict =
        HealthVerdict.observed(
            Boolean.TRUE.equals(state.getRunning()),
            state.getExitCodeLong(),
            desired.health().isPresent(),
            state.getHealth() == null ? "" : state.getHealth().getStatus());
    return verdict instanceof HealthVerdict.Pending
        ? HealthVerdict.checked(Optional.ofNullable(runCheck(client, id, desired.health().get())))
        : verdict;
  }

  /** Runs the declared check in the container; its exit code, or null when it timed out. */
  private static Long runCheck(DockerClient client, String id, ContainerHealth health) {
    List<String> argv = health.argv();
    if (argv.isEmpty()) {
      return null;
    }
    String exec =
        client
            .execCreateCmd(id)
            .withCmd(argv.toArray(String[]::new))
            .withAttachStdout(true)
            .withAttachStderr(true)
            .exec()
            .getId();
    try {
      boolean done =
          client
              .execStartCmd(exec)
              .exec(new ResultCallback.Adapter<Frame>())
              .awaitCompletion(Math.max(1000, health.timeout().toMillis()), TimeUnit.MILLISECONDS);
      if (!done) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return client.inspectExecCmd(exec).exec().getExitCodeLong();
  }
}
