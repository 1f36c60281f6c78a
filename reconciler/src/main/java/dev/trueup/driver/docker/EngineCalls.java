package dev.trueup.driver.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.trueup.driver.docker.model.DesiredContainer;
import dev.trueup.model.value.Parsed;
import dev.trueup.model.value.PortMapping;
import dev.trueup.model.value.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The engine calls the container applier makes, each with the care the engine needs. */
final class EngineCalls {
  private EngineCalls() {}

  static String createAndStart(
      EngineConnection engine, DesiredContainer desired, ResolvedEnvironment resolved, String name)
      throws DockerApplyException {
    DockerClient client = engine.client();
    HostConfig host = HostConfig.newHostConfig();
    List<ExposedPort> exposed = new ArrayList<>();
    Ports bindings = new Ports();
    for (String text : desired.ports()) {
      if (!(PortMapping.parse(text) instanceof Parsed.Ok<PortMapping>(PortMapping p))) {
        throw new DockerApplyException("port " + text + " cannot be published");
      }
      ExposedPort port =
          new ExposedPort(
              p.containerPort(),
              p.protocol() == Protocol.UDP ? InternetProtocol.UDP : InternetProtocol.TCP);
      exposed.add(port);
      String hostPort = p.hostPort() == 0 ? null : Integer.toString(p.hostPort());
      bindings.bind(port, new Ports.Binding(p.hostIp(), hostPort));
    }
    host.withPortBindings(bindings);
    host.withBinds(desired.volumes().stream().map(Bind::parse).toList());
    host.withRestartPolicy(RestartPolicy.parse(desired.restart()));
    desired.network().ifPresent(host::withNetworkMode);
    CreateContainerCmd cmd =
        client
            .createContainerCmd(desired.image())
            .withName(name)
            .withLabels(desired.labels())
            .withEnv(resolved.env())
            .withExposedPorts(exposed)
            .withHostConfig(host);
    if (!desired.command().isEmpty()) {
      cmd.withCmd(desired.command());
    }
    desired
        .health()
        .ifPresent(
            h ->
                cmd.withHealthcheck(
                    new HealthCheck()
                        .withTest(h.test())
                        .withInterval(h.interval().toNanos())
                        .withTimeout(h.timeout().toNanos())
                        .withRetries(3)));
    String id = cmd.exec().getId();
    try {
      client.startContainerCmd(id).exec();
    } catch (RuntimeException e) {
      removeQuietly(client, id);
      throw new DockerApplyException(
          "container did not start: " + Failures.describe(e, resolved.scrubber()));
    }
    return id;
  }

  static void stop(EngineConnection engine, String id) {
    int grace = (int) Math.max(0, engine.settings().stopGrace().toSeconds());
    try {
      engine.client().stopContainerCmd(id).withTimeout(grace).exec();
    } catch (com.github.dockerjava.api.exception.NotModifiedException alreadyStopped) {
      // Fine: it is stopped.
    }
  }

  static void removeQuietly(DockerClient client, String id) {
    try {
      client.removeContainerCmd(id).withForce(true).exec();
    } catch (RuntimeException e) {
      // Already gone.
    }
  }

  static Optional<InspectContainerResponse> find(DockerClient client, String name) {
    try {
      InspectContainerResponse c = client.inspectContainerCmd(name).exec();
      // Some engines match by ID prefix too: only an exact name counts.
      String found = c.getName() == null ? "" : c.getName().replaceFirst("^/", "");
      return found.equals(name) ? Optional.of(c) : Optional.empty();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  static String freePreviousName(DockerClient client, String name) {
    Set<String> used = new HashSet<>();
    client
        .listContainersCmd()
        .withShowAll(true)
        .exec()
        .forEach(c -> used.add(ContainerObserver.name(c.getNames())));
    for (int n = 1; ; n++) {
      String candidate = name + "-previous-" + n;
      if (!used.contains(candidate)) {
        return candidate;
      }
    }
  }

  static boolean owned(EngineConnection engine, InspectContainerResponse c) {
    return ContainerObserver.owned(c.getConfig().getLabels(), engine.node());
  }
}
