package dev.trueup.driver.docker;

import dev.trueup.apply.NodeApplier;
import dev.trueup.driver.Driver;
import dev.trueup.observe.NodeObserver;

/**
 * The docker driver, on the nodes of a host driver (ssh or local): the host's read and write sides
 * with the node's container engine added to each ({@link ContainerObserving}, {@link
 * ContainerApplying}). The engines are shared by every node and closed after the host driver.
 */
public final class DockerDriver implements Driver {
  private final Driver host;
  private final NodeObserver observer;
  private final NodeApplier applier;

  private DockerDriver(Driver host, NodeEngines engines, ContainerApplier containers) {
    this.host = host;
    this.observer = new ContainerObserving(host.observer(), engines);
    this.applier = new ContainerApplying(host.applier(), engines, containers);
  }

  /** {@code host}'s nodes, with their container engines (opened through {@code engines}). */
  public static Driver over(Driver host, NodeEngines engines, ContainerApplier containers) {
    return new DockerDriver(host, engines, containers);
  }

  @Override
  public String connection() {
    return host.connection();
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
    host.close();
  }
}
