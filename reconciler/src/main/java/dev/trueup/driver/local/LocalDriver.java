package dev.trueup.driver.local;

import dev.trueup.apply.NodeApplier;
import dev.trueup.driver.Driver;
import dev.trueup.driver.host.ApplySettings;
import dev.trueup.driver.host.SecretFileObserving;
import dev.trueup.observe.NodeObserver;
import dev.trueup.secrets.SecretResolver;

/** The local driver: the machine trueup runs on, or a sandbox root on it. */
public final class LocalDriver implements Driver {
  private final NodeObserver observer;
  private final LocalApplier applier;

  public LocalDriver(ApplySettings settings, SecretResolver secrets) {
    this.observer = new SecretFileObserving(new LocalObserver(), secrets);
    this.applier = new LocalApplier(observer, settings, secrets);
  }

  @Override
  public String connection() {
    return "local";
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
