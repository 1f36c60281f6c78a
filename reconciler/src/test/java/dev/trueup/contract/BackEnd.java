package dev.trueup.contract;

import dev.trueup.engine.Drivers;
import dev.trueup.model.DesiredState;

/**
 * One back end as the contract sees it: a node to declare, drivers to reach it, hands to drift it.
 */
interface BackEnd extends AutoCloseable {
  Where where();

  /** The node file's lines besides its resources: the connection and the like. */
  String nodeHeader();

  /** What fleet.yaml needs besides (secret providers for the connection). */
  default String fleetExtras() {
    return "";
  }

  Hands hands();

  /** The engine-level drivers of a run, as the CLI builds them (the mock switch for kubernetes). */
  default Drivers drivers(DesiredState state) {
    return Drivers.standard(state);
  }

  /** Takes away whatever trueup could find there from earlier runs, so "clean" means clean. */
  void clean();

  @Override
  default void close() {
    clean();
  }
}
