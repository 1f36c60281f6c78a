package dev.trueup.driver.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.LocalDirectorySSLConfig;
import dev.trueup.driver.docker.model.ContainerDiff;
import dev.trueup.driver.docker.model.ContainerOutcome;
import dev.trueup.driver.docker.model.DesiredContainer;
import dev.trueup.driver.docker.model.LiveContainers;
import dev.trueup.driver.ssh.SshConnector;
import dev.trueup.driver.ssh.SshSession;
import dev.trueup.driver.ssh.SshSettings;
import dev.trueup.live.Reachability;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.model.SecretBinding;
import dev.trueup.model.SecretProvider;
import dev.trueup.model.SecretRef;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.testing.LoopbackSshd;
import dev.trueup.testing.RealPart;
import dev.trueup.testing.TestNodes;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connections to engines: deadlines on a hanging one, TLS configuration, the SSH bridge. */
class DockerEngineTest {

  static final Logger log = LoggerFactory.getLogger(DockerEngineTest.class);

  @TempDir Path tmp;

  @Test
  void anEngineThatAcceptsAndNeverAnswersMarksTheNodeUnreachableWithinTheDeadline()
      throws Exception {
    Path socket = tmp.resolve("hang.sock");
    List<SocketChannel> held = new ArrayList<>();
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) {
                        held.add(server.accept()); // accepted, read by nobody, never answered
                      }
                    } catch (IOException closed) {
                      // test over
                    }
                  });
      DockerSettings settings =
          DockerSettings.defaults()
              .withResponse(Duration.ofSeconds(1))
              .withObserve(Duration.ofSeconds(3));
      try (EngineConnection engine =
          DockerEngine.open("stuck", new EngineAddress.Unix(socket), settings)) {
        long t0 = System.nanoTime();
        LiveContainers live = new ContainerObserver().observe(engine, List.of("trueup-web"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("hanging engine cut off after {} ms: {}", ms, live.reachability());
        assertThat(live.reachability()).isInstanceOf(Reachability.Unreachable.class);
        assertThat(((Reachability.Unreachable) live.reachability()).reason())
            .contains(socket.toString());
        // Cut off by the 3 s observe budget (what aborted() says), not by 1 s per call times the
        // calls; the bound only catches a hang, it is not a figure (the log line has that).
        assertThat(engine.aborted()).contains("3000 ms");
        assertThat(ms).isLessThan(2 * settings.observe().toMillis());
        // The stuck call was released: the client closed its end of the socket.
        assertThat(held).isNotEmpty();
        Thread reader =
            Thread.ofVirtual()
                .start(
                    () -> {
                      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8192);
                      try {
                        while (held.get(0).read(buffer.clear()) >= 0) {
                          // the request, then end of stream
                        }
                      } catch (IOException closed) {
                        // closed counts too
                      }
                    });
        assertThat(reader.join(Duration.ofSeconds(2))).as("client end closed").isTrue();
        long t1 = System.nanoTime();
        LiveContainers again = new ContainerObserver().observe(engine, List.of());
        log.info(
            "next observe on the aborted connection: {} ms", (System.nanoTime() - t1) / 1_000_000);
        assertThat(again.reachability()).isInstanceOf(Reachability.Unreachable.class);
        ContainerOutcome refused =
            new ContainerApplier(new SecretResolver(Map.of(), Map.of()))
                .create(
                    engine,
                    TestNodes.local("stuck", Optional.empty()),
                    DesiredContainer.build(
                        "stuck",
                        "web",
                        "localhost/x:1",
                        List.of(),
                        Map.of(),
                        Map.of(),
                        List.of(),
                        List.of(),
                        "no",
                        Optional.empty(),
                        Optional.empty()));
        assertThat(refused.status()).isEqualTo(ContainerOutcome.Status.FAILED);
        assertThat(refused.message()).contains("cut earlier");
      }
      acceptor.interrupt();
    } finally {
      for (SocketChannel c : held) {
        c.close();
      }
    }
  }

  @Test
  void anApplyOnAHangingEngineFailsWithinItsBudget() throws Exception {
    Path socket = tmp.resolve("hang2.sock");
    List<SocketChannel> held = new ArrayList<>();
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    held.add(server.accept());
                  }
                } catch (IOException closed) {
                  // test over
                }
              });
      DockerSettings settings =
          new DockerSettings(
              Duration.ofSeconds(1),
              Duration.ofMillis(500),
              Duration.ofSeconds(2),
              Duration.ofSeconds(1),
              Duration.ofSeconds(1),
              Duration.ofSeconds(1));
      try (EngineConnection engine =
          DockerEngine.open("stuck", new EngineAddress.Unix(socket), settings)) {
        long t0 = System.nanoTime();
        ContainerOutcome outcome =
            new ContainerApplier(new SecretResolver(Map.of(), Map.of()))
                .create(
                    engine,
                    TestNodes.local("stuck", Optional.empty()),
                    DesiredContainer.build(
                        "stuck",
                        "web",
                        "localhost/x:1",
                        List.of(),
                        Map.of(),
                        Map.of(),
                        List.of(),
                        List.of(),
                        "no",
                        Optional.empty(),
                        Optional.empty()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("create on a hanging engine cut off after {} ms: {}", ms, outcome.message());
        assertThat(outcome.status()).isEqualTo(ContainerOutcome.Status.FAILED);
        assertThat(outcome.message()).contains("did not answer in time");
        // Budget: 4 x 0.5 s + pull 1 s + health 1 s = 4 s; twice that only catches a hang.
        assertThat(ms).isLessThan(8_000);
      }
    } finally {
      for (SocketChannel c : held) {
        c.close();
      }
    }
  }

  @Test
  void anAbsentSocketIsUnreachableAtOnce() throws Exception {
    try (EngineConnection engine =
        DockerEngine.open(
            "none",
            new EngineAddress.Unix(tmp.resolve("absent.sock")),
            DockerSettings.defaults())) {
      long t0 = System.nanoTime();
      LiveContainers live = new ContainerObserver().observe(engine, List.of());
      assertThat(live.reachability()).isInstanceOf(Reachability.Unreachable.class);
      // No connect timeout waited out: an absent socket is known at once.
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isLessThan(DockerSettings.defaults().connect());
    }
  }

  @Test
  void tcpWithTlsUsesTheCertificateDirectory() throws Exception {
    // No TLS-serving engine can run here: this checks the configuration docker-java is given.
    Path certs = Files.createDirectories(tmp.resolve("certs"));
    for (String f : List.of("ca.pem", "cert.pem", "key.pem")) {
      Files.writeString(certs.resolve(f), "");
    }
    DockerClientConfig config = DockerEngine.config("tcp://127.0.0.1:2376", certs);
    assertThat(config.getDockerHost().toString()).isEqualTo("tcp://127.0.0.1:2376");
    assertThat(config.getSSLConfig()).isInstanceOf(LocalDirectorySSLConfig.class);
    assertThat(((LocalDirectorySSLConfig) config.getSSLConfig()).getDockerCertPath())
        .isEqualTo(certs.toString());
    assertThat(config.getApiVersion().getVersion()).isEqualTo("1.41");
    assertThat(DockerEngine.config("tcp://127.0.0.1:2375", null).getSSLConfig()).isNull();
  }

  @Test
  void aCertificateDirectoryWithoutKeysIsRefusedNamingTheMissingFile() throws Exception {
    Path certs = Files.createDirectories(tmp.resolve("partial"));
    Files.writeString(certs.resolve("ca.pem"), "");
    assertThatThrownBy(
            () ->
                DockerEngine.open(
                    "n",
                    new EngineAddress.Tcp("127.0.0.1", 2376, Optional.of(certs)),
                    DockerSettings.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cert.pem");
  }

  @Test
  void theEngineOverSshThroughAStreamLocalChannel() throws Exception {
    Path engineSocket = DockerContractTest.socket();
    RealPart.PODMAN.require(Files.exists(engineSocket));
    RealPart.SSHD.require(LoopbackSshd.available());
    Path sshdDir = Files.createDirectories(tmp.resolve("sshd"));
    try (LoopbackSshd sshd = LoopbackSshd.start(sshdDir)) {
      Path secretDir = Files.createDirectories(tmp.resolve("secrets"));
      Files.copy(sshd.clientKey(), secretDir.resolve("test-key"));
      Files.writeString(secretDir.resolve("db-password"), "over-ssh-secret");
      SecretResolver secrets =
          new SecretResolver(
              Map.of(
                  "files",
                  new SecretProvider(
                      "files", "files", Map.of("directory", secretDir.toString()), TestNodes.HERE)),
              Map.of());
      String name = "dkssh" + UUID.randomUUID().toString().substring(0, 8);
      Node node =
          TestNodes.node(
              name,
              new Connection.Ssh(
                  "127.0.0.1",
                  sshd.port(),
                  LoopbackSshd.user(),
                  false,
                  List.of(sshd.hostKey()),
                  new SecretRef("ssh/test-key"),
                  TestNodes.HERE),
              Map.of(
                  "ssh/test-key",
                  new SecretBinding("ssh/test-key", "files", "test-key", "node", TestNodes.HERE),
                  "db/password",
                  new SecretBinding(
                      "db/password", "files", "db-password", "node", TestNodes.HERE)));
      SshConnector connector =
          new SshConnector(
              new SshSettings(
                  Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), 1 << 20),
              secrets);
      long t0 = System.nanoTime();
      try (SshSession session = connector.connect(node);
          EngineConnection engine =
              DockerEngine.overSsh(
                  name, session, engineSocket.toString(), DockerContractTest.settings())) {
        ContainerObserver observer = new ContainerObserver();
        DesiredContainer web =
            DesiredContainer.build(
                name,
                "web-" + name,
                DockerContractTest.IMAGE,
                DockerContractTest.SLEEP,
                Map.of("MODE", "ssh"),
                Map.of("DB_PASSWORD", new SecretRef("db/password")),
                List.of(),
                List.of(),
                "no",
                DockerContractTest.OK_CHECK,
                Optional.empty());
        try {
          LiveContainers before = observer.observe(engine, List.of(web.name()));
          log.info(
              "ssh connect + first observe over SSH: {} ms", (System.nanoTime() - t0) / 1_000_000);
          assertThat(before.reachability()).isInstanceOf(Reachability.Observed.class);
          assertThat(before.managed()).isEmpty();
          long t1 = System.nanoTime();
          ContainerOutcome created = new ContainerApplier(secrets).create(engine, node, web);
          log.info("create + health over SSH: {} ms", (System.nanoTime() - t1) / 1_000_000);
          assertThat(created.status())
              .as(created.message())
              .isEqualTo(ContainerOutcome.Status.APPLIED);
          long t2 = System.nanoTime();
          LiveContainers after = observer.observe(engine, List.of(web.name()));
          log.info("observe over SSH: {} ms", (System.nanoTime() - t2) / 1_000_000);
          assertThat(ContainerDiff.fields(web, after.managed().get(web.name()))).isEmpty();
          ContainerOutcome deleted =
              new ContainerApplier(secrets).delete(engine, after.managed().get(web.name()));
          assertThat(deleted.status()).isEqualTo(ContainerOutcome.Status.APPLIED);
        } finally {
          engine
              .client()
              .listContainersCmd()
              .withShowAll(true)
              .withLabelFilter(Map.of(DesiredContainer.NODE, name))
              .exec()
              .forEach(c -> engine.client().removeContainerCmd(c.getId()).withForce(true).exec());
        }
      }
      // sshd saw the forwarding request: the engine was reached through the SSH connection.
      assertThat(sshd.logLines()).anyMatch(l -> l.contains("streamlocal"));
    }
  }
}
