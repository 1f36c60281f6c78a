package dev.trueup.driver.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.NodeApplier;
import dev.trueup.driver.ssh.SshApplier;
import dev.trueup.driver.ssh.SshConnector;
import dev.trueup.driver.ssh.SshObserver;
import dev.trueup.driver.ssh.SshSettings;
import dev.trueup.model.Node;
import dev.trueup.model.SecretProvider;
import dev.trueup.observe.NodeObserver;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.testing.LoopbackSshd;
import dev.trueup.testing.RealPart;
import dev.trueup.testing.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh applier against the real OpenSSH sshd on loopback. The "node" is this machine, so every
 * resource and the backups live under a temp directory.
 */
class SshApplierTest extends ApplierContract {

  @TempDir static Path serverDir;
  static LoopbackSshd sshd;
  static SecretResolver secrets;

  @TempDir Path tree;
  SshConnector connector;
  SshObserver observer;

  @BeforeAll
  static void startSshd() throws Exception {
    RealPart.SSHD.require(LoopbackSshd.available());
    sshd = LoopbackSshd.start(serverDir, true);
    Path secretDir = Files.createDirectories(serverDir.resolve("secrets"));
    Files.copy(sshd.clientKey(), secretDir.resolve("test-key"));
    secrets =
        new SecretResolver(
            Map.of(
                "files",
                new SecretProvider(
                    "files", "files", Map.of("directory", secretDir.toString()), TestNodes.HERE)),
            Map.of());
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  @BeforeEach
  void open() {
    connector =
        new SshConnector(
            new SshSettings(
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), 1 << 20),
            secrets);
    observer = new SshObserver(connector);
  }

  @AfterEach
  void close() {
    observer.close();
  }

  @Override
  Node node() {
    try {
      return TestNodes.ssh("s", sshd.port(), LoopbackSshd.user(), false, List.of(sshd.hostKey()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  NodeApplier applier(ApplySettings settings) {
    return new SshApplier(connector, observer, settings);
  }

  @Override
  NodeObserver observer() {
    return observer;
  }

  @Override
  String base() {
    return tree.toString();
  }

  @Override
  Path onDisk(String nodePath) {
    return Path.of(nodePath);
  }

  @Override
  Path outside() {
    return tree.resolve("outside");
  }

  @Override
  ApplySettings settings() {
    return new ApplySettings(Duration.ofSeconds(60), tree + "/backup", 0, Duration.ofSeconds(30));
  }

  @org.junit.jupiter.api.Test
  void theHealthMonitorsChecksGoThroughTheDriversGuardOverItsKeptConnection() throws Exception {
    try (dev.trueup.driver.ssh.SshDriver driver =
        new dev.trueup.driver.ssh.SshDriver(connector, true, settings(), secrets)) {
      Node checked = Fixtures.withCommandCheck(node(), "exit 0");
      int logStart = sshd.logLines().size();
      assertThat(
              driver
                  .observer()
                  .observe(
                      checked,
                      dev.trueup.observe.ObservationRequest.of(List.of(), List.of(), List.of()))
                  .observed())
          .isTrue();

      for (int i = 0; i < 3; i++) {
        assertThat(driver.applier().healthNow(checked))
            .containsExactly(
                new dev.trueup.apply.HealthAnswer("app", true, java.util.Optional.empty()));
      }
      assertThat(driver.applier().healthNow(Fixtures.withCommandCheck(node(), "echo down; exit 3")))
          .singleElement()
          .satisfies(a -> assertThat(a.healthy()).isFalse());

      // One connection for the observation and the four rounds of checks.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      List<String> since;
      do {
        List<String> lines = sshd.logLines();
        since = lines.subList(Math.min(logStart, lines.size()), lines.size());
      } while (since.stream().noneMatch(l -> l.contains("Accepted publickey"))
          && System.nanoTime() < deadline);
      assertThat(since).filteredOn(l -> l.contains("Accepted publickey")).hasSize(1);
    }
  }
}
