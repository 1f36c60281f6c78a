package dev.trueup.driver.docker;

import java.nio.file.Path;
import java.util.Optional;

/** Where a node's container engine listens. */
public sealed interface EngineAddress {

  /** A local unix socket (the default: {@code /var/run/docker.sock}). */
  record Unix(Path socket) implements EngineAddress {}

  /**
   * TCP, with TLS when a certificate directory is given ({@code ca.pem}, {@code cert.pem}, {@code
   * key.pem}, as docker's {@code DOCKER_CERT_PATH}).
   */
  record Tcp(String host, int port, Optional<Path> certDirectory) implements EngineAddress {}

  /** The engine's unix socket on the far side of the node's SSH connection. */
  record OverSsh(String remoteSocket) implements EngineAddress {}

  static EngineAddress defaultSocket() {
    return new Unix(Path.of("/var/run/docker.sock"));
  }
}
