package dev.trueup.driver.docker;

import dev.trueup.driver.ssh.SshConnector;
import dev.trueup.driver.ssh.SshFailure;
import dev.trueup.driver.ssh.SshSession;
import dev.trueup.model.Connection;
import dev.trueup.model.DockerEndpoint;
import dev.trueup.model.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The container engines of a run, one connection per node, opened on first use from the node's
 * {@code docker:} block (or the default socket) and kept until {@link #close()}:
 *
 * <ul>
 *   <li>a socket on a local node: that socket on this machine;
 *   <li>a socket on an ssh node: the socket on the node, through an SSH connection of its own to
 *       the node (same pinned host keys and identity as the node's connection);
 *   <li>TCP: the host and port, TLS-verified with the certificate directory; the host is checked by
 *       {@code refusal} first (documentation and, in loopback-only mode, non-loopback addresses are
 *       never contacted).
 * </ul>
 *
 * A connection cut by a deadline is replaced by a fresh one on the next use.
 */
public final class NodeEngines implements AutoCloseable {

  private final Optional<SshConnector> ssh;
  private final DockerSettings settings;
  private final Function<String, Optional<String>> refusal;
  private final Map<String, Open> open = new ConcurrentHashMap<>();

  /**
   * @param ssh opens SSH connections to ssh nodes (empty: engines of ssh nodes cannot be reached)
   * @param refusal why a TCP engine host may not be contacted, if it may not
   */
  public NodeEngines(
      Optional<SshConnector> ssh,
      DockerSettings settings,
      Function<String, Optional<String>> refusal) {
    this.ssh = ssh;
    this.settings = settings;
    this.refusal = refusal;
  }

  /** Local and TCP engines only, every host allowed: for tests. */
  public NodeEngines(DockerSettings settings) {
    this(Optional.empty(), settings, host -> Optional.empty());
  }

  private record Open(EngineConnection engine, Optional<SshSession> session) {
    void close() {
      engine.close();
      session.ifPresent(SshSession::close);
    }
  }

  /** Where the node's engine is, for messages. */
  public static String where(Node node) {
    return switch (node.dockerOrDefault()) {
      case DockerEndpoint.Socket s ->
          (node.connection() instanceof Connection.Ssh ? "ssh:" : "unix://") + s.path();
      case DockerEndpoint.Tcp t -> "tcp://" + t.host() + ":" + t.port();
    };
  }

  /** The node's engine connection, opened when there is none yet or the last one was cut. */
  public EngineConnection connect(Node node) throws IOException {
    Open kept = open.get(node.name());
    if (kept != null && kept.engine().aborted() == null) {
      return kept.engine();
    }
    synchronized (this) {
      kept = open.get(node.name());
      if (kept != null && kept.engine().aborted() == null) {
        return kept.engine();
      }
      if (kept != null) {
        kept.close();
        open.remove(node.name());
      }
      Open fresh = openNow(node);
      open.put(node.name(), fresh);
      return fresh.engine();
    }
  }

  private Open openNow(Node node) throws IOException {
    return switch (node.dockerOrDefault()) {
      case DockerEndpoint.Tcp t -> {
        Optional<String> refused = refusal.apply(t.host());
        if (refused.isPresent()) {
          throw new IOException(refused.get());
        }
        yield new Open(
            DockerEngine.open(
                node.name(),
                new EngineAddress.Tcp(t.host(), t.port(), t.tlsCertDir().map(Path::of)),
                settings),
            Optional.empty());
      }
      case DockerEndpoint.Socket s when node.connection() instanceof Connection.Ssh -> {
        if (ssh.isEmpty()) {
          throw new IOException("no SSH connector to reach the engine of an ssh node");
        }
        SshSession session;
        try {
          session = ssh.get().connect(node);
        } catch (SshFailure e) {
          throw new IOException("SSH connection for the container engine: " + e.getMessage());
        }
        try {
          yield new Open(
              DockerEngine.overSsh(node.name(), session, s.path(), settings), Optional.of(session));
        } catch (IOException | RuntimeException e) {
          session.close();
          throw e;
        }
      }
      case DockerEndpoint.Socket s -> {
        if (!java.nio.file.Files.exists(Path.of(s.path()))) {
          throw new IOException("no engine socket at " + s.path());
        }
        yield new Open(
            DockerEngine.open(node.name(), new EngineAddress.Unix(Path.of(s.path())), settings),
            Optional.empty());
      }
    };
  }

  @Override
  public synchronized void close() {
    open.values().forEach(Open::close);
    open.clear();
  }
}
