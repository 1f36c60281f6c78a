package dev.trueup.driver;

import dev.trueup.apply.NodeApplier;
import dev.trueup.observe.NodeObserver;

/** A driver made of a read side and a write side that share nothing the driver must close. */
public record Sides(String connection, NodeObserver observer, NodeApplier applier)
    implements Driver {
  @Override
  public void close() {
    applier.close();
    observer.close();
  }
}
