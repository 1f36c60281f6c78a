package dev.trueup.driver.docker;

import dev.trueup.driver.ssh.SocketStream;
import dev.trueup.driver.ssh.SshFailure;
import dev.trueup.driver.ssh.SshSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a node's remote engine socket reachable as a local unix socket: each connection accepted on
 * the local socket becomes one {@code direct-streamlocal} channel on the node's SSH connection to
 * the remote socket. The local socket sits in a fresh directory only the current user can enter,
 * and nothing listens on any network port, here or on the node.
 */
final class SshEngineBridge implements AutoCloseable {

  private final SshSession session;
  private final String remoteSocket;
  private final Path directory;
  private final Path socket;
  private final ServerSocketChannel server;
  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private SshEngineBridge(SshSession session, String remoteSocket) throws IOException {
    this.session = session;
    this.remoteSocket = remoteSocket;
    this.directory =
        Files.createTempDirectory(
            "trueup-engine-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    this.socket = directory.resolve("engine.sock");
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread.ofVirtual().name("engine-bridge-accept").start(this::acceptLoop);
  }

  static SshEngineBridge open(SshSession session, String remoteSocket) throws IOException {
    return new SshEngineBridge(session, remoteSocket);
  }

  Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel local;
      try {
        local = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread.ofVirtual().name("engine-bridge-conn").start(() -> bridge(local));
    }
  }

  private void bridge(SocketChannel local) {
    open.add(local);
    SocketStream remote;
    try {
      remote = session.openStreamLocal(remoteSocket);
    } catch (SshFailure e) {
      quietly(local);
      open.remove(local);
      return;
    }
    open.add(remote);
    InputStream fromLocal = Channels.newInputStream(local);
    OutputStream toLocal = Channels.newOutputStream(local);
    Thread up =
        Thread.ofVirtual()
            .name("engine-bridge-up")
            .start(
                () -> {
                  pump(fromLocal, remote.out());
                  quietly(remote.out()); // EOF to the engine
                });
    pump(remote.in(), toLocal);
    try {
      local.shutdownOutput();
    } catch (IOException e) {
      // The client went away first.
    }
    try {
      up.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    quietly(remote);
    quietly(local);
    open.remove(remote);
    open.remove(local);
  }

  private static void pump(InputStream in, OutputStream out) {
    byte[] buffer = new byte[32 * 1024];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side closed: the other follows.
    }
  }

  private static void quietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Nothing left to release.
    }
  }

  @Override
  public void close() {
    closed = true;
    quietly(server);
    open.forEach(SshEngineBridge::quietly);
    try {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // A temp directory left behind is harmless: it is private to this user.
    }
  }
}
