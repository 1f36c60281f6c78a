package dev.trueup.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fleet lab started by bin/test-setup (lab/README.md): podman containers running sshd on
 * 127.0.0.1, with pinned host keys. Tests that need it skip when it is not running.
 */
public final class Lab {
  /** One lab node as lab/up.sh describes it in nodes.json. */
  public record LabNode(
      String name, String host, int port, String user, String hostKey, Path identityFile) {}

  private Lab() {}

  public static Optional<List<LabNode>> nodes() {
    return read(labFile("TRUEUP_LAB_NODES", "trueup-test/nodes.json"));
  }

  /** The systemd lab's nodes: systemd as PID 1, the lab apt repository mounted. */
  public static Optional<List<LabNode>> systemdNodes() {
    return read(labFile("TRUEUP_LAB_SYSTEMD_NODES", "trueup-test-systemd/nodes.json"));
  }

  public static Path systemdKnownHosts() {
    return labFile("TRUEUP_LAB_SYSTEMD_KNOWN_HOSTS", "trueup-test-systemd/known_hosts");
  }

  private static Path labFile(String variable, String fallback) {
    String env = System.getenv(variable);
    return env != null && !env.isBlank()
        ? Path.of(env)
        : ProjectRoot.resolve("lab/run/" + fallback);
  }

  private static Optional<List<LabNode>> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      List<LabNode> out = new ArrayList<>();
      for (JsonNode n : JsonMapper.builder().build().readTree(Files.readString(file))) {
        out.add(
            new LabNode(
                n.get("name").asString(),
                n.get("host").asString(),
                n.get("port").asInt(),
                n.get("user").asString(),
                n.get("hostKey").asString(),
                Path.of(n.get("identityFile").asString())));
      }
      return Optional.of(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path knownHosts() {
    String env = System.getenv("TRUEUP_LAB_KNOWN_HOSTS");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : ProjectRoot.resolve("lab/run/trueup-test/known_hosts");
  }

  /** Runs a script as root on the node through the real OpenSSH client (strict host keys). */
  public static String rootShell(LabNode node, String script) {
    return rootShell(node, script, knownHosts());
  }

  /** The same, with the known_hosts of another lab (the systemd lab's). */
  public static String rootShell(LabNode node, String script, Path knownHosts) {
    List<String> cmd =
        List.of(
            "ssh",
            "-o",
            "BatchMode=yes",
            // Bounded: a node whose firewall drops new connections must fail the test, not hang it.
            "-o",
            "ConnectTimeout=10",
            "-o",
            "ServerAliveInterval=5",
            "-o",
            "ServerAliveCountMax=3",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "UserKnownHostsFile=" + knownHosts,
            "-i",
            node.identityFile().toString(),
            "-p",
            String.valueOf(node.port()),
            node.user() + "@" + node.host(),
            "sudo -n sh -s");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = p.getInputStream()) {
        in.transferTo(out);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("ssh to " + node.name() + " failed: " + out);
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
