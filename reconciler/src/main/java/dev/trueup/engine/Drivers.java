package dev.trueup.engine;

import dev.trueup.apply.NodeApplier;
import dev.trueup.driver.AddressGuard;
import dev.trueup.driver.Driver;
import dev.trueup.driver.docker.ContainerApplier;
import dev.trueup.driver.docker.DockerDriver;
import dev.trueup.driver.docker.DockerSettings;
import dev.trueup.driver.docker.NodeEngines;
import dev.trueup.driver.host.ApplySettings;
import dev.trueup.driver.kubernetes.KubernetesDriver;
import dev.trueup.driver.local.LocalDriver;
import dev.trueup.driver.ssh.SshConnector;
import dev.trueup.driver.ssh.SshDriver;
import dev.trueup.driver.ssh.SshSettings;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.observe.NodeObserver;
import dev.trueup.secrets.SecretResolver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drivers of a run, by connection driver: the read side for every pipeline, the write side only
 * for an apply. They keep their connections open until closed, so a long-running caller reuses one
 * connection per node across cycles.
 */
public class Drivers implements Observers {
  private final Map<String, NodeObserver> observers;
  private final Map<String, NodeApplier> appliers;
  private final List<AutoCloseable> shared;

  /** Read side only: what a plan needs. */
  public Drivers(Map<String, NodeObserver> observers) {
    this(observers, Map.of());
  }

  public Drivers(Map<String, NodeObserver> observers, Map<String, NodeApplier> appliers) {
    this(observers, appliers, List.of());
  }

  /**
   * @param shared what observers and appliers share and this closes after them (the container
   *     engines of the run)
   */
  public Drivers(
      Map<String, NodeObserver> observers,
      Map<String, NodeApplier> appliers,
      List<AutoCloseable> shared) {
    this.observers = Map.copyOf(observers);
    this.appliers = Map.copyOf(appliers);
    this.shared = List.copyOf(shared);
  }

  /**
   * The real drivers: SSH (secrets resolved through the fleet's providers, addresses checked by
   * {@link AddressGuard} first) and local, each with the node's container engine (docker driver)
   * for nodes that run container services; kubernetes (the API server's address put to the same
   * {@link AddressGuard} rules before any request).
   */
  public static Drivers standard(DesiredState state) {
    return standard(state, DockerSettings.defaults());
  }

  /** The real drivers, with the docker driver's deadlines given (tests shorten them). */
  public static Drivers standard(DesiredState state, DockerSettings docker) {
    return standard(state, docker, KubernetesWrites.SERVER_SIDE_APPLY);
  }

  /** How the kubernetes driver writes objects. */
  public enum KubernetesWrites {
    /** Server-side apply as field manager {@code trueup}, conflicts reported, never forced. */
    SERVER_SIDE_APPLY,
    /**
     * Create-or-update: tests only, against fabric8's mock server, which cannot do server-side
     * apply (no field ownership, so no conflicts). Never for a real cluster.
     */
    MOCK_CREATE_OR_UPDATE
  }

  /**
   * The real drivers, with the docker driver's deadlines and the kubernetes driver's way of writing
   * given (tests against the mock API server choose {@link
   * KubernetesWrites#MOCK_CREATE_OR_UPDATE}).
   */
  public static Drivers standard(
      DesiredState state, DockerSettings docker, KubernetesWrites kubernetesWrites) {
    boolean loopbackOnly = AddressGuard.loopbackOnlyFromEnvironment();
    AddressGuard addresses = new AddressGuard((node, request) -> null, loopbackOnly);
    KubernetesDriver kubernetes =
        kubernetesWrites == KubernetesWrites.SERVER_SIDE_APPLY
            ? KubernetesDriver.standard(addresses::refusal)
            : KubernetesDriver.forTests(addresses::refusal);
    SecretResolver secrets = SecretResolver.of(state.secretProviders(), kubernetes);
    SshConnector connector = new SshConnector(SshSettings.defaults(), secrets);
    SshDriver ssh = new SshDriver(connector, loopbackOnly, ApplySettings.defaults(), secrets);
    NodeEngines engines = new NodeEngines(Optional.of(connector), docker, ssh.addresses()::refusal);
    ContainerApplier containers = new ContainerApplier(secrets);
    return of(
        List.of(
            DockerDriver.over(ssh, engines, containers),
            DockerDriver.over(
                LocalDriver.of(ApplySettings.defaults(), secrets), engines, containers),
            kubernetes.sides(secrets)),
        List.of(engines));
  }

  /**
   * @param drivers one per connection driver
   * @param shared what the drivers share and this closes after them (the container engines)
   */
  public static Drivers of(List<Driver> drivers, List<AutoCloseable> shared) {
    Map<String, NodeObserver> observers = new HashMap<>();
    Map<String, NodeApplier> appliers = new HashMap<>();
    for (Driver d : drivers) {
      observers.put(d.connection(), d.observer());
      appliers.put(d.connection(), d.applier());
    }
    return new Drivers(observers, appliers, shared);
  }

  /** The write side for a node; only an apply run asks for it. */
  public NodeApplier applierFor(Node node) {
    NodeApplier applier = appliers.get(node.connection().driver());
    if (applier == null) {
      throw new IllegalStateException("no applier for " + node.connection().driver());
    }
    return applier;
  }

  @Override
  public NodeObserver observerFor(Node node) {
    NodeObserver observer = observers.get(node.connection().driver());
    if (observer == null) {
      throw new IllegalStateException("no driver for " + node.connection().driver());
    }
    return observer;
  }

  /** The same drivers, but closing this view leaves them open (the owner closes them later). */
  public Drivers keptOpen() {
    return new Drivers(observers, appliers, shared) {
      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {
    appliers.values().forEach(NodeApplier::close);
    observers.values().forEach(NodeObserver::close);
    for (AutoCloseable c : shared) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing is best effort: the run is over.
      }
    }
  }
}
