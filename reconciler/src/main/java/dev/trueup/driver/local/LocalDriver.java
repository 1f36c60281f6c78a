package dev.trueup.driver.local;

import dev.trueup.driver.Driver;
import dev.trueup.driver.Sides;
import dev.trueup.driver.host.ApplySettings;
import dev.trueup.driver.host.SecretFileObserving;
import dev.trueup.observe.NodeObserver;
import dev.trueup.secrets.SecretResolver;

/** The local driver: the machine trueup runs on, or a sandbox root on it. */
public final class LocalDriver {
  private LocalDriver() {}

  /** Its two sides: the probe run locally, and the batched script applier over the same reads. */
  public static Driver of(ApplySettings settings, SecretResolver secrets) {
    NodeObserver observer = new SecretFileObserving(new LocalObserver(), secrets, secrets.digest());
    return new Sides("local", observer, new LocalApplier(observer, settings, secrets));
  }
}
