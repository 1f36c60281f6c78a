package dev.trueup.model;

import java.util.Optional;

/**
 * Where a node's Docker-compatible engine listens, as the node's {@code docker:} block says. A node
 * without the block uses {@link #DEFAULT_SOCKET}; an engine is only ever contacted for nodes that
 * run container services (or declare the block).
 */
public sealed interface DockerEndpoint {

  String DEFAULT_SOCKET = "/var/run/docker.sock";

  Origins origins();

  /**
   * A unix socket: on an ssh node, the socket on the node, reached through the node's SSH
   * connection; on a local node, the socket on this machine.
   */
  record Socket(String path, Origins origins) implements DockerEndpoint {}

  /** TCP, verified with TLS when a certificate directory ({@code ca.pem}, ...) is given. */
  record Tcp(String host, int port, Optional<String> tlsCertDir, Origins origins)
      implements DockerEndpoint {}
}
