package dev.trueup.driver.docker;

import dev.trueup.driver.docker.model.LiveContainers;
import dev.trueup.live.Reachability;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.secrets.Scrubber;
import java.io.IOException;

/**
 * A node observer that also reads the node's container engine, in the same observe step: files and
 * units through the wrapped observer, then trueup's containers through {@link NodeEngines}. The
 * engine is looked at only for a reachable node that wants containers or declares a {@code docker:}
 * block; an engine that cannot be reached leaves the node observed, with its containers unreachable
 * (the plan says so, and proposes no container change).
 */
public final class ContainerObserving implements NodeObserver {

  private final NodeObserver files;
  private final NodeEngines engines;
  private final ContainerObserver containers = new ContainerObserver();

  public ContainerObserving(NodeObserver files, NodeEngines engines) {
    this.files = files;
    this.engines = engines;
  }

  /** Whether observing {@code node} for {@code request} involves its container engine. */
  public static boolean wantsEngine(Node node, ObservationRequest request) {
    return !request.containers().isEmpty() || node.docker().isPresent();
  }

  @Override
  public LiveNode observe(Node node, ObservationRequest request) {
    LiveNode live = files.observe(node, request);
    if (!live.observed() || !wantsEngine(node, request)) {
      return live;
    }
    LiveContainers found;
    try {
      found = containers.observe(engines.connect(node), request.containers());
    } catch (IOException | RuntimeException e) {
      found =
          LiveContainers.unreachable(
              node.name(),
              new Reachability.Unreachable(
                  "container engine "
                      + NodeEngines.where(node)
                      + ": "
                      + Failures.describe(e, Scrubber.none())));
    }
    return live.with(found);
  }

  @Override
  public void close() {
    files.close();
  }
}
