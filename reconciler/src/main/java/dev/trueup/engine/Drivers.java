package dev.trueup.engine;

import dev.trueup.apply.ApplySettings;
import dev.trueup.apply.LocalApplier;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.SshApplier;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.local.LocalObserver;
import dev.trueup.observe.ssh.SshConnector;
import dev.trueup.observe.ssh.SshObserver;
import dev.trueup.observe.ssh.SshSettings;
import dev.trueup.secrets.SecretResolver;
import java.util.Map;

/**
 * The observers of a run, by connection driver. They keep their connections open until closed, so a
 * long-running caller reuses one connection per node across cycles.
 */
public class Drivers implements AutoCloseable {
  private final Map<String, NodeObserver> observers;
  private final Map<String, NodeApplier> appliers;

  /** Read side only: what a plan needs. */
  public Drivers(Map<String, NodeObserver> observers) {
    this(observers, Map.of());
  }

  public Drivers(Map<String, NodeObserver> observers, Map<String, NodeApplier> appliers) {
    this.observers = Map.copyOf(observers);
    this.appliers = Map.copyOf(appliers);
  }

  /**
   * The real drivers: SSH (secrets resolved through the fleet's providers, addresses checked by
   * {@link AddressGuard} first) and local.
   */
  public static Drivers standard(DesiredState state) {
    boolean loopbackOnly = AddressGuard.loopbackOnlyFromEnvironment();
    SshConnector connector =
        new SshConnector(SshSettings.defaults(), SecretResolver.of(state.secretProviders()));
    AddressGuard ssh = new AddressGuard(new SshObserver(connector), loopbackOnly);
    LocalObserver local = new LocalObserver();
    return new Drivers(
        Map.of("ssh", ssh, "local", local),
        Map.of(
            "ssh",
            ssh.guard(new SshApplier(connector, ssh, ApplySettings.defaults())),
            "local",
            new LocalApplier(local, ApplySettings.defaults())));
  }

  /** The write side for a node; only an apply run asks for it. */
  public NodeApplier applierFor(Node node) {
    NodeApplier applier = appliers.get(node.connection().driver());
    if (applier == null) {
      throw new IllegalStateException("no applier for " + node.connection().driver());
    }
    return applier;
  }

  public NodeObserver observerFor(Node node) {
    NodeObserver observer = observers.get(node.connection().driver());
    if (observer == null) {
      throw new IllegalStateException("no driver for " + node.connection().driver());
    }
    return observer;
  }

  /** The same drivers, but closing this view leaves them open (the owner closes them later). */
  public Drivers keptOpen() {
    return new Drivers(observers, appliers) {
      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {
    appliers.values().forEach(NodeApplier::close);
    observers.values().forEach(NodeObserver::close);
  }
}
