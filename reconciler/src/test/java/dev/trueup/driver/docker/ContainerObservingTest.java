package dev.trueup.driver.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.driver.docker.model.LiveContainers;
import dev.trueup.live.Reachability;
import dev.trueup.model.Connection;
import dev.trueup.model.DockerEndpoint;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.testing.TestNodes;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the engine is looked at, and what a missing engine does to a node (nothing fatal). */
class ContainerObservingTest {
  @TempDir Path tmp;

  private final NodeObserver files =
      (node, request) ->
          new LiveNode(
              node.name(),
              new Reachability.Observed(),
              true,
              new TreeMap<>(),
              new TreeMap<>(),
              new TreeSet<>());

  private Node node(Optional<DockerEndpoint> docker) {
    Node n = TestNodes.local("box", Optional.empty());
    return new Node(
        n.name(),
        n.description(),
        n.environment(),
        n.groups(),
        n.connection(),
        n.services(),
        n.schedules(),
        n.alerts(),
        n.files(),
        n.directories(),
        n.secrets(),
        n.origins(),
        docker);
  }

  private static ObservationRequest request(String... containers) {
    return new ObservationRequest(
        new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>(List.of(containers)));
  }

  @Test
  void aNodeWithoutContainersAndWithoutADockerBlockNeverOpensAnEngine() {
    AtomicInteger opened = new AtomicInteger();
    NodeEngines engines =
        new NodeEngines(
            Optional.empty(),
            DockerSettings.defaults(),
            host -> {
              opened.incrementAndGet();
              return Optional.of("must not be asked");
            });
    LiveNode live =
        new ContainerObserving(files, engines).observe(node(Optional.empty()), request());
    assertThat(live.observed()).isTrue();
    assertThat(live.part(LiveContainers.class)).isEmpty();
    assertThat(opened).hasValue(0);
  }

  @Test
  void aMissingEngineLeavesTheNodeObservedWithItsContainersUnreachable() {
    String socket = tmp.resolve("no-engine.sock").toString();
    Node n = node(Optional.of(new DockerEndpoint.Socket(socket, TestNodes.HERE)));
    LiveNode live =
        new ContainerObserving(files, new NodeEngines(DockerSettings.defaults()))
            .observe(n, request("trueup-web"));
    assertThat(live.observed()).isTrue();
    assertThat(live.part(LiveContainers.class)).isPresent();
    assertThat(live.part(LiveContainers.class).get().observed()).isFalse();
    assertThat(live.part(LiveContainers.class).get().reachability())
        .isInstanceOfSatisfying(
            Reachability.Unreachable.class,
            u -> assertThat(u.reason()).contains("no engine socket at " + socket));
  }

  @Test
  void aTcpEngineOnARefusedAddressIsNeverContacted() {
    Node n =
        node(
            Optional.of(
                new DockerEndpoint.Tcp("192.0.2.7", 2376, Optional.empty(), TestNodes.HERE)));
    NodeEngines engines =
        new NodeEngines(
            Optional.empty(),
            DockerSettings.defaults(),
            host -> Optional.of(host + " is a documentation address"));
    LiveNode live = new ContainerObserving(files, engines).observe(n, request("trueup-web"));
    assertThat(live.observed()).isTrue();
    assertThat(live.part(LiveContainers.class).orElseThrow().reachability())
        .isInstanceOfSatisfying(
            Reachability.Unreachable.class,
            u -> assertThat(u.reason()).contains("documentation address"));
    assertThat(n.connection()).isInstanceOf(Connection.Local.class);
  }
}
