package dev.trueup.engine;

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
public final class Drivers implements AutoCloseable {
  private final Map<String, NodeObserver> observers;

  public Drivers(Map<String, NodeObserver> observers) {
    this.observers = Map.copyOf(observers);
  }

  /**
   * The real drivers: SSH (secrets resolved through the fleet's providers, addresses checked by
   * {@link AddressGuard} first) and local.
   */
  public static Drivers standard(DesiredState state) {
    SshObserver ssh =
        new SshObserver(
            new SshConnector(SshSettings.defaults(), SecretResolver.of(state.secretProviders())));
    return new Drivers(
        Map.of(
            "ssh",
            new AddressGuard(ssh, AddressGuard.loopbackOnlyFromEnvironment()),
            "local",
            new LocalObserver()));
  }

  public NodeObserver observerFor(Node node) {
    NodeObserver observer = observers.get(node.connection().driver());
    if (observer == null) {
      throw new IllegalStateException("no driver for " + node.connection().driver());
    }
    return observer;
  }

  @Override
  public void close() {
    observers.values().forEach(NodeObserver::close);
  }
}
