package dev.trueup.driver.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.trueup.driver.ssh.SshSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens clients to container engines: a unix socket, TCP (with TLS from a certificate directory),
 * or the engine's socket on a node reached through that node's SSH connection. Every client has a
 * connect and a response deadline (docker-java's own are infinite) and speaks API 1.41, which both
 * Docker and podman's compatible service understand.
 */
public final class DockerEngine {

  public static final String API_VERSION = "1.41";

  private DockerEngine() {}

  /** An engine on this machine (or on a node, when {@code address} is TCP). */
  public static EngineConnection open(String node, EngineAddress address, DockerSettings settings)
      throws IOException {
    return switch (address) {
      case EngineAddress.Unix u ->
          connect(
              node, "unix://" + u.socket(), config("unix://" + u.socket(), null), settings, null);
      case EngineAddress.Tcp t -> openTcp(node, t, settings);
      case EngineAddress.OverSsh s ->
          throw new IllegalArgumentException("an engine over SSH needs the node's SSH session");
    };
  }

  /** The engine at {@code remoteSocket} on the node at the other end of {@code session}. */
  public static EngineConnection overSsh(
      String node, SshSession session, String remoteSocket, DockerSettings settings)
      throws IOException {
    SshEngineBridge bridge = SshEngineBridge.open(session, remoteSocket);
    String local = "unix://" + bridge.socket();
    return connect(node, "ssh:" + remoteSocket, config(local, null), settings, bridge);
  }

  private static EngineConnection openTcp(String node, EngineAddress.Tcp t, DockerSettings settings)
      throws IOException {
    String host = "tcp://" + hostPart(t.host()) + ":" + t.port();
    return connect(node, host, config(host, t.certDirectory().orElse(null)), settings, null);
  }

  /**
   * The client configuration for a host, TLS-verified when a certificate directory is given. A
   * directory without the three PEM files is refused here, with a message naming what is missing,
   * rather than failing later inside the TLS handshake.
   */
  static DockerClientConfig config(String host, Path certDirectory) throws IOException {
    DefaultDockerClientConfig.Builder builder =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(host)
            .withApiVersion(API_VERSION)
            .withDockerTlsVerify(certDirectory != null);
    if (certDirectory != null) {
      for (String file : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
        if (!Files.isRegularFile(certDirectory.resolve(file))) {
          throw new IOException("TLS certificate directory " + certDirectory + " has no " + file);
        }
      }
      builder.withDockerCertPath(certDirectory.toString());
    }
    return builder.build();
  }

  private static EngineConnection connect(
      String node,
      String where,
      DockerClientConfig config,
      DockerSettings settings,
      AutoCloseable bridge) {
    DockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(8)
            .connectionTimeout(settings.connect())
            .responseTimeout(settings.response())
            .build();
    DockerClient client = DockerClientImpl.getInstance(config, http);
    return new EngineConnection(node, where, client, settings, Optional.ofNullable(bridge));
  }

  private static String hostPart(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
