package dev.trueup.driver.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.util.Optional;

/**
 * An open client to one node's container engine, with its deadlines; for an engine over SSH also
 * the local bridge. Close it to release both. The docker-java client stays inside this package.
 */
public final class EngineConnection implements AutoCloseable {

  private final String node;
  private final String where;
  private final DockerClient client;
  private final DockerSettings settings;
  private final Optional<AutoCloseable> bridge;
  private volatile String aborted;

  EngineConnection(
      String node,
      String where,
      DockerClient client,
      DockerSettings settings,
      Optional<AutoCloseable> bridge) {
    this.node = node;
    this.where = where;
    this.client = client;
    this.settings = settings;
    this.bridge = bridge;
  }

  public String node() {
    return node;
  }

  /** The engine's address, for messages (the remote socket for an engine over SSH). */
  public String where() {
    return where;
  }

  public DockerSettings settings() {
    return settings;
  }

  DockerClient client() {
    return client;
  }

  /** Why this connection was cut (a call overran its deadline), or null while it is usable. */
  public String aborted() {
    return aborted;
  }

  /**
   * Cuts the connection: every call blocked on it fails at once. docker-java's response timeout
   * does not reach a unix socket's reads, so a deadline is enforced by closing instead; an engine
   * that hung once is not trusted with the next call either.
   */
  void abort(String why) {
    if (aborted == null) {
      aborted = why;
    }
    close();
  }

  /**
   * A deadline over a stretch of calls: if it is not closed within {@code limit}, the connection is
   * aborted, which unblocks whatever call is waiting.
   */
  Watch watch(java.time.Duration limit, String what) {
    Thread timer =
        Thread.ofVirtual()
            .name("docker-deadline-" + node)
            .start(
                () -> {
                  try {
                    Thread.sleep(Math.max(1, limit.toMillis()));
                  } catch (InterruptedException stoodDown) {
                    return;
                  }
                  abort(what + " did not finish within " + limit.toMillis() + " ms");
                });
    return timer::interrupt;
  }

  /** Ends a {@link #watch}. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // Connections already gone.
    }
    bridge.ifPresent(
        b -> {
          try {
            b.close();
          } catch (Exception e) {
            // Nothing left to release.
          }
        });
  }
}
