package dev.trueup.driver.ssh;

import dev.trueup.apply.NodeApplier;
import dev.trueup.driver.AddressGuard;
import dev.trueup.driver.Driver;
import dev.trueup.driver.host.ApplySettings;
import dev.trueup.driver.host.SecretFileObserving;
import dev.trueup.observe.NodeObserver;
import dev.trueup.secrets.SecretResolver;

/**
 * The ssh driver: one kept, host-key-pinned connection per node ({@link SshConnector}), both sides
 * behind the {@link AddressGuard}, so a refused address is never contacted, not even to verify.
 */
public final class SshDriver implements Driver {
  private final AddressGuard addresses;
  private final NodeObserver observer;
  private final NodeApplier applier;

  public SshDriver(
      SshConnector connector,
      boolean loopbackOnly,
      ApplySettings settings,
      SecretResolver secrets) {
    SshObserver kept = new SshObserver(connector);
    this.addresses = new AddressGuard(kept, loopbackOnly);
    this.observer = new SecretFileObserving(addresses, secrets, secrets.digest());
    this.applier = addresses.guard(new SshApplier(connector, observer, settings, secrets, kept));
  }

  /** The address rules both sides apply (the container engine over SSH applies them too). */
  public AddressGuard addresses() {
    return addresses;
  }

  @Override
  public String connection() {
    return "ssh";
  }

  @Override
  public NodeObserver observer() {
    return observer;
  }

  @Override
  public NodeApplier applier() {
    return applier;
  }

  @Override
  public void close() {
    applier.close();
    observer.close();
  }
}
