package dev.trueup.engine;

import dev.trueup.model.Node;
import dev.trueup.observe.NodeObserver;

/**
 * The read side of a run's drivers: all that a plan, a drift check or a pull-request report is
 * given, so that a dry run cannot apply by construction (it holds no way to reach an applier), not
 * by convention. {@link Drivers} adds the write side for an apply.
 */
public interface Observers extends AutoCloseable {
  /** The observer for a node's connection driver. */
  NodeObserver observerFor(Node node);

  @Override
  void close();
}
