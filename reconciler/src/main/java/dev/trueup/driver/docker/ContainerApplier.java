package dev.trueup.driver.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.trueup.driver.docker.model.ContainerAction;
import dev.trueup.driver.docker.model.ContainerChange;
import dev.trueup.driver.docker.model.ContainerOutcome;
import dev.trueup.driver.docker.model.DesiredContainer;
import dev.trueup.driver.docker.model.LiveContainer;
import dev.trueup.driver.docker.model.LiveContainers;
import dev.trueup.model.Node;
import dev.trueup.model.SecretRef;
import dev.trueup.secrets.Scrubber;
import dev.trueup.secrets.SecretNotFound;
import dev.trueup.secrets.SecretResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates, recreates and deletes trueup's containers on one engine.
 *
 * <p>Rules: a container is touched only when its labels say trueup created it for this node
 * (checked again right before every change, not taken from the plan); secrets are resolved here, at
 * create time, and nowhere else; a changed container is recreated, keeping the previous one
 * (renamed {@code <name>-previous-<n>} and stopped) until the new one runs and is healthy, and
 * restoring it when the new one is not.
 *
 * <p>Health: the engine's own status wins when it reports one ({@code healthy}/{@code unhealthy}).
 * Engines that do not schedule checks themselves (podman without systemd reports {@code starting}
 * forever) get the declared check run by trueup inside the container, at the declared interval,
 * until it passes or the deadline is reached.
 */
public final class ContainerApplier {

  private final SecretResolver secrets;

  public ContainerApplier(SecretResolver secrets) {
    this.secrets = secrets;
  }

  /** Applies one planned change; {@code desired} is null for a delete. */
  public ContainerOutcome apply(
      EngineConnection engine,
      Node node,
      ContainerChange change,
      DesiredContainer desired,
      LiveContainers live) {
    return switch (change.action()) {
      case CREATE -> create(engine, node, desired);
      case RECREATE -> recreate(engine, node, desired, live.managed().get(change.name()));
      case DELETE -> delete(engine, live.managed().get(change.name()));
    };
  }

  public ContainerOutcome create(EngineConnection engine, Node node, DesiredContainer desired) {
    DockerSettings st = engine.settings();
    Duration budget = st.response().multipliedBy(4).plus(st.pull()).plus(st.health());
    return guarded(
        engine,
        desired.name(),
        ContainerAction.CREATE,
        budget,
        () -> createNow(engine, node, desired));
  }

  public ContainerOutcome recreate(
      EngineConnection engine, Node node, DesiredContainer desired, LiveContainer previous) {
    DockerSettings st = engine.settings();
    Duration budget =
        st.response().multipliedBy(8).plus(st.pull()).plus(st.health()).plus(st.stopGrace());
    return guarded(
        engine,
        desired.name(),
        ContainerAction.RECREATE,
        budget,
        () -> recreateNow(engine, node, desired, previous));
  }

  public ContainerOutcome delete(EngineConnection engine, LiveContainer live) {
    DockerSettings st = engine.settings();
    Duration budget = st.response().multipliedBy(3).plus(st.stopGrace());
    return guarded(
        engine,
        live == null ? "?" : live.name(),
        ContainerAction.DELETE,
        budget,
        () -> deleteNow(engine, live));
  }

  /**
   * Runs one operation under an overall deadline: docker-java cannot time out a read on a unix
   * socket, so when the deadline passes the connection is aborted, which fails the blocked call.
   */
  private static ContainerOutcome guarded(
      EngineConnection engine,
      String name,
      ContainerAction action,
      Duration budget,
      java.util.function.Supplier<ContainerOutcome> operation) {
    long start = System.nanoTime();
    if (engine.aborted() != null) {
      return outcome(
          name,
          action,
          ContainerOutcome.Status.FAILED,
          "engine connection was cut earlier: " + engine.aborted(),
          start);
    }
    try (EngineConnection.Watch watch =
        engine.watch(budget, action.name().toLowerCase(java.util.Locale.ROOT) + " " + name)) {
      ContainerOutcome outcome = operation.get();
      if (engine.aborted() != null && outcome.status() != ContainerOutcome.Status.APPLIED) {
        return outcome(
            name,
            action,
            ContainerOutcome.Status.FAILED,
            "engine did not answer in time ("
                + engine.aborted()
                + "); the change may be half done:"
                + " observe the node again before retrying",
            start);
      }
      return outcome;
    }
  }

  private ContainerOutcome createNow(EngineConnection engine, Node node, DesiredContainer desired) {
    long start = System.nanoTime();
    ContainerAction action = ContainerAction.CREATE;
    ResolvedEnvironment resolved = null;
    try {
      Optional<InspectContainerResponse> taken = EngineCalls.find(engine.client(), desired.name());
      if (taken.isPresent()) {
        return EngineCalls.owned(engine, taken.get())
            ? outcome(
                desired.name(),
                action,
                ContainerOutcome.Status.FAILED,
                "a trueup container named " + desired.name() + " already exists; observe again",
                start)
            : conflict(desired.name(), action, start);
      }
      ImagePull.ensureImage(engine, desired.image());
      resolved = resolve(node, desired);
      String id = EngineCalls.createAndStart(engine, desired, resolved, desired.name());
      Optional<String> unhealthy = HealthWait.waitHealthy(engine, id, desired);
      if (unhealthy.isPresent()) {
        EngineCalls.removeQuietly(engine.client(), id);
        return outcome(
            desired.name(),
            action,
            ContainerOutcome.Status.FAILED,
            "new container was removed: " + unhealthy.get(),
            start);
      }
      return outcome(desired.name(), action, ContainerOutcome.Status.APPLIED, "created", start);
    } catch (DockerApplyException | RuntimeException e) {
      return outcome(
          desired.name(),
          action,
          ContainerOutcome.Status.FAILED,
          message(e, ResolvedEnvironment.scrubber(resolved)),
          start);
    }
  }

  private ContainerOutcome recreateNow(
      EngineConnection engine, Node node, DesiredContainer desired, LiveContainer previous) {
    long start = System.nanoTime();
    ContainerAction action = ContainerAction.RECREATE;
    if (previous == null) {
      return createNow(engine, node, desired);
    }
    DockerClient client = engine.client();
    ResolvedEnvironment resolved = null;
    String previousName;
    boolean wasRunning;
    try {
      InspectContainerResponse old = client.inspectContainerCmd(previous.id()).exec();
      if (!EngineCalls.owned(engine, old)) {
        return conflict(desired.name(), action, start);
      }
      ImagePull.ensureImage(engine, desired.image());
      resolved = resolve(node, desired);
      wasRunning = Boolean.TRUE.equals(old.getState().getRunning());
      previousName = EngineCalls.freePreviousName(client, desired.name());
      client.renameContainerCmd(old.getId()).withName(previousName).exec();
      if (wasRunning) {
        EngineCalls.stop(engine, old.getId());
      }
    } catch (DockerApplyException | RuntimeException e) {
      return outcome(
          desired.name(),
          action,
          ContainerOutcome.Status.FAILED,
          "nothing changed: " + message(e, ResolvedEnvironment.scrubber(resolved)),
          start);
    }
    String newId = null;
    Optional<String> problem;
    try {
      newId = EngineCalls.createAndStart(engine, desired, resolved, desired.name());
      problem = HealthWait.waitHealthy(engine, newId, desired);
    } catch (DockerApplyException | RuntimeException e) {
      problem = Optional.of(message(e, resolved.scrubber()));
    }
    if (problem.isEmpty()) {
      EngineCalls.removeQuietly(client, previous.id());
      return outcome(
          desired.name(),
          action,
          ContainerOutcome.Status.APPLIED,
          "recreated; previous container removed",
          start);
    }
    // Roll back: the new one goes, the previous one gets its name back and runs again.
    try {
      if (newId != null) {
        EngineCalls.removeQuietly(client, newId);
      } else {
        EngineCalls.find(client, desired.name())
            .filter(c -> EngineCalls.owned(engine, c) && !c.getId().equals(previous.id()))
            .ifPresent(c -> EngineCalls.removeQuietly(client, c.getId()));
      }
      client.renameContainerCmd(previous.id()).withName(desired.name()).exec();
      if (wasRunning) {
        client.startContainerCmd(previous.id()).exec();
      }
    } catch (RuntimeException e) {
      return outcome(
          desired.name(),
          action,
          ContainerOutcome.Status.FAILED,
          "new container failed ("
              + problem.get()
              + ") and restoring the previous one failed too: "
              + message(e, resolved.scrubber())
              + "; it is kept as "
              + previousName,
          start);
    }
    return outcome(
        desired.name(),
        action,
        ContainerOutcome.Status.ROLLED_BACK,
        "new container failed: " + problem.get() + "; previous container restored",
        start);
  }

  private static ContainerOutcome deleteNow(EngineConnection engine, LiveContainer live) {
    long start = System.nanoTime();
    ContainerAction action = ContainerAction.DELETE;
    if (live == null) {
      return outcome("?", action, ContainerOutcome.Status.FAILED, "nothing to delete", start);
    }
    try {
      InspectContainerResponse c = engine.client().inspectContainerCmd(live.id()).exec();
      if (!EngineCalls.owned(engine, c)) {
        return conflict(live.name(), action, start);
      }
      if (Boolean.TRUE.equals(c.getState().getRunning())) {
        EngineCalls.stop(engine, c.getId());
      }
      engine.client().removeContainerCmd(c.getId()).withForce(true).exec();
      return outcome(live.name(), action, ContainerOutcome.Status.APPLIED, "deleted", start);
    } catch (NotFoundException gone) {
      return outcome(live.name(), action, ContainerOutcome.Status.APPLIED, "already gone", start);
    } catch (RuntimeException e) {
      return outcome(
          live.name(), action, ContainerOutcome.Status.FAILED, message(e, Scrubber.none()), start);
    }
  }

  // ---- steps ----

  private static ContainerOutcome conflict(String name, ContainerAction action, long start) {
    return outcome(
        name,
        action,
        ContainerOutcome.Status.CONFLICT,
        "container " + name + " is not trueup's (no ownership label for this node): left untouched",
        start);
  }

  private static ContainerOutcome outcome(
      String name,
      ContainerAction action,
      ContainerOutcome.Status status,
      String message,
      long start) {
    return new ContainerOutcome(
        name, action, status, message, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Engine messages can echo a request: every one goes through the scrubber of the secrets that
   * request carried, which scrubs the whole text before it shortens it.
   */
  private static String message(Throwable e, Scrubber scrubber) {
    return e instanceof DockerApplyException
        ? scrubber.line(e.getMessage(), Failures.MAX)
        : Failures.describe(e, scrubber);
  }

  private ResolvedEnvironment resolve(Node node, DesiredContainer desired)
      throws DockerApplyException {
    List<String> env = new ArrayList<>();
    List<String> values = new ArrayList<>();
    desired.env().forEach((k, v) -> env.add(k + "=" + v));
    for (Map.Entry<String, SecretRef> e : desired.secretEnv().entrySet()) {
      try {
        String value = secrets.resolve(node, e.getValue()).reveal();
        env.add(e.getKey() + "=" + value);
        values.add(value);
      } catch (SecretNotFound notFound) {
        throw new DockerApplyException(notFound.getMessage());
      }
    }
    return new ResolvedEnvironment(env, Scrubber.of(values));
  }
}
