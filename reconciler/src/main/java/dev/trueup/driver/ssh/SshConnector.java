package dev.trueup.driver.ssh;

import dev.trueup.live.Reachability;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.observe.exec.Deadline;
import dev.trueup.secrets.SecretNotFound;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.secrets.SecretValue;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * Opens authenticated SSH connections: pinned host keys only, TCP_NODELAY, a deadline on connect
 * (TCP, version exchange, key exchange) and one on authentication. A deadline is enforced by
 * closing the socket, so a peer that accepts and then says nothing cannot hold a thread.
 */
public final class SshConnector {

  private final SshSettings settings;
  private final SecretResolver secrets;
  private final DefaultConfig config = new DefaultConfig();

  public SshConnector(SshSettings settings, SecretResolver secrets) {
    this.settings = settings;
    this.secrets = secrets;
  }

  public SshSettings settings() {
    return settings;
  }

  public SshSession connect(Node node) throws SshFailure {
    if (!(node.connection() instanceof Connection.Ssh ssh)) {
      throw SshFailure.unreachable("not an ssh node");
    }
    if (ssh.hostKeys().isEmpty()) {
      // Nothing to compare with means nothing could be trusted: refuse rather than trust on first
      // use.
      throw SshFailure.unreachable("no host key pinned for " + ssh.host());
    }
    SecretValue identity;
    try {
      identity = secrets.resolve(node, ssh.identity());
    } catch (SecretNotFound e) {
      throw SshFailure.unreachable(e.getMessage());
    }
    PinnedHostKeys verifier = new PinnedHostKeys(ssh.hostKeys());
    SSHClient client = new SSHClient(config);
    client.setSocketFactory(new NoDelaySocketFactory());
    client.setConnectTimeout(millis(settings.connect().toMillis()));
    client.addHostKeyVerifier(verifier);
    String where = ssh.host() + ":" + ssh.port();
    boolean ok = false;
    try {
      handshake(client, verifier, ssh, where);
      authenticate(client, identity, ssh, node);
      ok = true;
      return new SshSession(client, ssh.sudo(), settings.outputCap(), where);
    } finally {
      if (!ok) {
        quietly(client);
      }
    }
  }

  private void handshake(
      SSHClient client, PinnedHostKeys verifier, Connection.Ssh ssh, String where)
      throws SshFailure {
    client.getTransport().setTimeoutMs(millis(settings.connect().toMillis()));
    AtomicBoolean expired = new AtomicBoolean();
    Thread watchdog = watchdog(Deadline.in(settings.connect()), client, expired);
    String silent =
        "no SSH handshake from " + where + " within " + settings.connect().toMillis() + " ms";
    try {
      client.connect(ssh.host(), ssh.port());
    } catch (IOException e) {
      if (verifier.refused() != null) {
        throw new SshFailure(
            new Reachability.HostKeyRejected(verifier.refused(), verifier.expected()));
      }
      throw switch (e) {
        case IOException x when expired.get() -> SshFailure.deadline(silent);
        case ConnectException x -> SshFailure.unreachable("connection to " + where + " refused");
        case SocketTimeoutException x ->
            SshFailure.deadline(
                "no answer from " + where + " within " + settings.connect().toMillis() + " ms");
        case UnknownHostException x -> SshFailure.unreachable("unknown host " + ssh.host());
        default -> SshFailure.unreachable("cannot connect to " + where + ": " + e.getMessage());
      };
    } finally {
      watchdog.interrupt();
    }
    if (expired.get()) {
      throw SshFailure.deadline(silent);
    }
  }

  private void authenticate(SSHClient client, SecretValue identity, Connection.Ssh ssh, Node node)
      throws SshFailure {
    KeyProvider key;
    try {
      key = client.loadKeys(identity.reveal(), null, null);
      key.getPublic(); // parses now, so a bad key is reported as such, not as a refused login
    } catch (IOException | RuntimeException e) {
      // No message from the parser: it might quote the key text.
      throw SshFailure.unreachable(
          "identity " + ssh.identity() + " of node '" + node.name() + "' is not a usable key");
    }
    client.getTransport().setTimeoutMs(millis(settings.auth().toMillis()));
    AtomicBoolean expired = new AtomicBoolean();
    Thread watchdog = watchdog(Deadline.in(settings.auth()), client, expired);
    String late = "authentication did not finish within " + settings.auth().toMillis() + " ms";
    try {
      client.authPublickey(ssh.user(), key);
    } catch (UserAuthException e) {
      throw expired.get()
          ? SshFailure.deadline(late)
          : SshFailure.unreachable("authentication as " + ssh.user() + " refused");
    } catch (TransportException e) {
      throw expired.get()
          ? SshFailure.deadline(late)
          : SshFailure.unreachable("connection lost during authentication: " + e.getMessage());
    } finally {
      watchdog.interrupt();
    }
    if (expired.get()) {
      throw SshFailure.deadline(late);
    }
  }

  /** Closes the client when the deadline passes first; interrupt it to stand down. */
  static Thread watchdog(Deadline deadline, SSHClient client, AtomicBoolean expired) {
    return Thread.ofVirtual()
        .name("ssh-deadline")
        .start(
            () -> {
              try {
                Thread.sleep(Math.max(1, deadline.remainingMillis()));
              } catch (InterruptedException e) {
                return;
              }
              expired.set(true);
              quietly(client);
            });
  }

  /**
   * A new channel on {@code client}'s connection. sshj says a connection that died between a
   * liveness check and here (sshd restarted, the peer reset it) with an unchecked "Not connected":
   * that is a failed connection like any other, so callers' reconnect and error handling apply.
   */
  static Session session(SSHClient client) throws IOException {
    try {
      return client.startSession();
    } catch (IllegalStateException e) {
      throw new IOException("connection lost (" + e.getMessage() + ")", e);
    }
  }

  static void quietly(SSHClient client) {
    try {
      if (client.getSocket() != null) {
        client.getSocket().close(); // unblocks a read that disconnect() would wait behind
      }
      client.disconnect();
    } catch (IOException | RuntimeException e) {
      // Already broken: nothing left to release.
    }
  }

  private static int millis(long value) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, value));
  }
}
