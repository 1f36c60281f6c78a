package dev.trueup.driver.host;

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
}
