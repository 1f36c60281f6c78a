package dev.trueup.driver.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.trueup.driver.docker.model.ContainerHealth;
import dev.trueup.driver.docker.model.DesiredContainer;
import dev.trueup.driver.docker.model.LiveContainer;
import dev.trueup.driver.docker.model.LiveContainers;
import dev.trueup.live.Reachability;
import dev.trueup.model.value.PortMapping;
import dev.trueup.model.value.Protocol;
import dev.trueup.secrets.Scrubber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads what a node's engine runs for trueup: one list of all containers, then an inspect of each
 * container labelled as trueup's for this node. An engine that does not answer within the deadline
 * makes this node unreachable; it never throws.
 */
public final class ContainerObserver {

  public LiveContainers observe(EngineConnection engine, Collection<String> desiredNames) {
    Set<String> wanted = Set.copyOf(desiredNames);
    Duration limit = engine.settings().observe();
    AtomicReference<LiveContainers> result = new AtomicReference<>();
    Thread worker =
        Thread.ofVirtual()
            .name("docker-observe-" + engine.node())
            .start(() -> result.set(observeNow(engine, wanted)));
    try {
      if (!worker.join(limit)) {
        engine.abort("observing containers took longer than " + limit.toMillis() + " ms");
        worker.interrupt();
        return LiveContainers.unreachable(
            engine.node(),
            new Reachability.Unreachable(
                "container engine "
                    + engine.where()
                    + " did not answer within "
                    + limit.toMillis()
                    + " ms"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return LiveContainers.unreachable(
          engine.node(), new Reachability.Unreachable("interrupted while observing containers"));
    }
    return result.get();
  }

  private static LiveContainers observeNow(EngineConnection engine, Set<String> wanted) {
    try {
      List<Container> all = engine.client().listContainersCmd().withShowAll(true).exec();
      TreeMap<String, LiveContainer> managed = new TreeMap<>();
      TreeSet<String> unlabelled = new TreeSet<>();
      for (Container c : all) {
        String name = name(c.getNames());
        if (owned(c.getLabels(), engine.node())) {
          try {
            LiveContainer live = inspect(engine, c.getId());
            managed.put(live.name(), live);
          } catch (NotFoundException gone) {
            // Removed between list and inspect: not there.
          }
        } else if (wanted.contains(name)) {
          unlabelled.add(name);
        }
      }
      return new LiveContainers(engine.node(), new Reachability.Observed(), managed, unlabelled);
    } catch (RuntimeException e) {
      return LiveContainers.unreachable(
          engine.node(),
          new Reachability.Unreachable(
              "container engine " + engine.where() + ": " + Failures.describe(e, Scrubber.none())));
    }
  }

  /** Whether labels say trueup created the container for this node: the one ownership test. */
  static boolean owned(Map<String, String> labels, String node) {
    return labels != null
        && "true".equals(labels.get(DesiredContainer.MANAGED))
        && node.equals(labels.get(DesiredContainer.NODE));
  }

  static String name(String[] names) {
    if (names == null || names.length == 0) {
      return "";
    }
    String n = names[0];
    return n.startsWith("/") ? n.substring(1) : n;
  }

  static LiveContainer inspect(EngineConnection engine, String id) {
    InspectContainerResponse r = engine.client().inspectContainerCmd(id).exec();
    return live(r);
  }

  static LiveContainer live(InspectContainerResponse r) {
    ContainerConfig config = r.getConfig();
    HostConfig host = r.getHostConfig();
    Map<String, String> labels = config.getLabels() == null ? Map.of() : config.getLabels();
    SortedMap<String, String> secretRefs =
        DesiredContainer.parseSecretRefs(labels.get(DesiredContainer.SECRET_REFS));
    TreeMap<String, String> env = new TreeMap<>();
    TreeMap<String, String> fingerprints = new TreeMap<>();
    if (config.getEnv() != null) {
      for (String entry : config.getEnv()) {
        int eq = entry.indexOf('=');
        String key = eq < 0 ? entry : entry.substring(0, eq);
        String value = eq < 0 ? "" : entry.substring(eq + 1);
        if (secretRefs.containsKey(key)) {
          fingerprints.put(key, DesiredContainer.fingerprint(key, value));
        } else {
          env.put(key, value);
        }
      }
    }
    String name = r.getName() == null ? "" : r.getName().replaceFirst("^/", "");
    var state = r.getState();
    Optional<String> healthStatus =
        Optional.ofNullable(state.getHealth()).map(h -> h.getStatus()).filter(s -> !s.isEmpty());
    return new LiveContainer(
        r.getId(),
        name,
        config.getImage() == null ? "" : config.getImage(),
        config.getCmd() == null ? List.of() : List.of(config.getCmd()),
        env,
        fingerprints,
        host == null ? List.of() : ports(host.getPortBindings()),
        host == null ? List.of() : volumes(host.getBinds()),
        host == null ? "no" : restart(host.getRestartPolicy()),
        health(config.getHealthcheck()),
        host == null ? Optional.empty() : Optional.ofNullable(host.getNetworkMode()),
        new TreeMap<>(labels),
        Boolean.TRUE.equals(state.getRunning()),
        healthStatus);
  }

  static List<String> ports(Ports ports) {
    List<String> out = new ArrayList<>();
    if (ports == null) {
      return out;
    }
    for (Map.Entry<ExposedPort, Ports.Binding[]> e : ports.getBindings().entrySet()) {
      Protocol protocol =
          e.getKey().getProtocol() == InternetProtocol.UDP ? Protocol.UDP : Protocol.TCP;
      if (e.getValue() == null) {
        continue;
      }
      for (Ports.Binding b : e.getValue()) {
        String ip = b.getHostIp();
        if (ip == null || ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::")) {
          ip = null;
        }
        String spec = b.getHostPortSpec();
        int hostPort = spec == null || spec.isEmpty() ? 0 : Integer.parseInt(spec);
        if (hostPort == 0) {
          ip = null;
        }
        out.add(new PortMapping(ip, hostPort, e.getKey().getPort(), protocol).text());
      }
    }
    return out;
  }

  static List<String> volumes(Bind[] binds) {
    List<String> out = new ArrayList<>();
    if (binds == null) {
      return out;
    }
    for (Bind b : binds) {
      String ro =
          b.getAccessMode() != null && b.getAccessMode().toString().equals("ro") ? ":ro" : "";
      out.add(b.getPath() + ":" + b.getVolume().getPath() + ro);
    }
    return out;
  }

  static String restart(RestartPolicy policy) {
    if (policy == null || policy.getName() == null || policy.getName().isEmpty()) {
      return "no";
    }
    Integer max = policy.getMaximumRetryCount();
    if (policy.getName().equals("on-failure") && max != null && max > 0) {
      return "on-failure:" + max;
    }
    return policy.getName();
  }

  static Optional<ContainerHealth> health(com.github.dockerjava.api.model.HealthCheck check) {
    if (check == null
        || check.getTest() == null
        || check.getTest().isEmpty()
        || check.getTest().get(0).equals("NONE")) {
      return Optional.empty();
    }
    return Optional.of(
        new ContainerHealth(
            check.getTest(),
            Duration.ofNanos(check.getInterval() == null ? 0 : check.getInterval()),
            Duration.ofNanos(check.getTimeout() == null ? 0 : check.getTimeout())));
  }
}
