package dev.trueup.observe;

import dev.trueup.model.Node;

/**
 * A driver's read side: observe one node. Implementations never throw for a node that cannot be
 * reached; they return a {@link LiveNode} saying why. The write side (apply) is a separate
 * interface, so a plan-only pipeline cannot reach it.
 */
public interface NodeObserver extends AutoCloseable {

  LiveNode observe(Node node, ObservationRequest request);

  @Override
  default void close() {}
}
