package dev.trueup.observe.docker;

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
