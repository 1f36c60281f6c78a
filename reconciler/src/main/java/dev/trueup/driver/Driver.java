package dev.trueup.driver;

import dev.trueup.apply.NodeApplier;
import dev.trueup.observe.NodeObserver;

/**
 * One back end's I/O for the nodes of one connection driver ({@code ssh}, {@code local}, {@code
 * kubernetes}): its read side and its write side, apart, so that a pipeline handed only observers
 * cannot write. Its pure part (rendering and diffing its kinds) is in its model package, listed in
 * {@code backend.BackEnds}. A driver keeps its connections open until closed.
 */
public interface Driver extends AutoCloseable {

  /** The connection driver its nodes name in desired state. */
  String connection();

  /** The read side: all that a plan, a drift check or a pull-request report is given. */
  NodeObserver observer();

  /** The write side: only an apply asks for it. */
  NodeApplier applier();

  /** Closes the write side, then the read side, then what they share. */
  @Override
  void close();
}
