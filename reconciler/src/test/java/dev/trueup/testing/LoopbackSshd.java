package dev.trueup.testing;

import dev.trueup.model.value.HostKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenSSH sshd on 127.0.0.1 and a free port, with a generated ed25519 host key and one
 * authorized client key, for the current user. It logs at DEBUG1 to {@link #log()}, so a test can
 * check what the server saw (an authentication attempt, a login).
 */
public final class LoopbackSshd implements AutoCloseable {

  private static final Path SSHD = Path.of("/usr/sbin/sshd");

  private final Path dir;
  private final int port;
  private volatile Process process;

  private LoopbackSshd(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  public static boolean available() {
    return Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen"));
  }

  /** Starts sshd with its keys and config under {@code dir}; waits for its banner. */
  public static LoopbackSshd start(Path dir) throws IOException, InterruptedException {
    return start(dir, false);
  }

  /**
   * @param leanShell hand sessions {@code SHLVL=1}, so that a bash login shell takes itself for a
   *     nested shell and skips .bashrc (root's runs pyenv here): figures then measure the driver
   */
  public static LoopbackSshd start(Path dir, boolean leanShell)
      throws IOException, InterruptedException {
    Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege-separation directory
    keygen(dir.resolve("host_ed25519"), "ed25519");
    keygen(dir.resolve("host_ecdsa"), "ecdsa");
    keygen(dir.resolve("host_rsa"), "rsa");
    keygen(dir.resolve("client_ed25519"), "ed25519");
    Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
    int port = freePort();
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "ListenAddress 127.0.0.1",
            "Port " + port,
            "HostKey " + dir.resolve("host_ed25519"),
            "HostKey " + dir.resolve("host_ecdsa"),
            "HostKey " + dir.resolve("host_rsa"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            // The temp directory sits under world-writable /tmp, which StrictModes refuses.
            "StrictModes no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "AllowUsers " + user(),
            "UsePAM no",
            "LogLevel DEBUG1",
            leanShell ? "SetEnv SHLVL=1" : "",
            ""));
    LoopbackSshd server = new LoopbackSshd(dir, port, launch(dir));
    server.awaitBanner();
    return server;
  }

  private static Process launch(Path dir) throws IOException {
    return new ProcessBuilder(
            SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
        .start();
  }

  /** The machine goes away (a laptop asleep): sshd and every open connection end. */
  public void stop() throws InterruptedException {
    dropConnections();
    close();
  }

  /** The machine is back: sshd again, on the same port with the same keys. */
  public void restart() throws IOException, InterruptedException {
    process = launch(dir);
    awaitBanner();
  }

  private void awaitBanner() throws IOException, InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new IOException("sshd exited: " + Files.readString(log()));
      }
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(2000);
        InputStream in = s.getInputStream();
        if (in.read() == 'S') {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException("sshd did not answer on port " + port);
  }

  private static void keygen(Path file, String type) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "/usr/bin/ssh-keygen", "-q", "-t", type, "-N", "", "-C", "", "-f", file.toString())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ssh-keygen failed: " + out);
    }
  }

  /** A fresh ed25519 public key, pinned by nobody: what an impostor or a rebuilt host presents. */
  public static HostKey otherKey(Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("other_" + System.nanoTime());
    keygen(file, "ed25519");
    return HostKey.parse(Files.readString(file.resolveSibling(file.getFileName() + ".pub")))
        .value();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public static String user() {
    return System.getProperty("user.name");
  }

  public int port() {
    return port;
  }

  /** The server's ed25519 host key. */
  public HostKey hostKey() throws IOException {
    return hostKey("ed25519");
  }

  /** One of the server's host keys: {@code ed25519}, {@code ecdsa} or {@code rsa}. */
  public HostKey hostKey(String type) throws IOException {
    return HostKey.parse(Files.readString(dir.resolve("host_" + type + ".pub"))).value();
  }

  /** Ends the server's per-connection processes: every open connection drops, sshd stays up. */
  public void dropConnections() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
  }

  /** The processes sshd started for its connections and their sessions. */
  public java.util.stream.Stream<ProcessHandle> processes() {
    return process.descendants();
  }

  /** The client's OpenSSH private key file (the test puts it where a secret provider reads it). */
  public Path clientKey() {
    return dir.resolve("client_ed25519");
  }

  public Path log() {
    return dir.resolve("sshd.log");
  }

  public List<String> logLines() throws IOException {
    return Files.readAllLines(log());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
