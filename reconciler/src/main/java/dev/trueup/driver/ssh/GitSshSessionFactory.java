package dev.trueup.driver.ssh;

import dev.trueup.model.value.HostKey;
import dev.trueup.secrets.SecretValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * Git over ssh for JGit, on sshj: the server must present one of the pinned host keys (checked
 * during key exchange, before the key is offered), authentication is by the given private key only,
 * TCP_NODELAY is on, and connect and every read have a deadline. Nothing is read from {@code
 * ~/.ssh}: no config, no known_hosts, no agent. Messages never quote the key.
 */
public final class GitSshSessionFactory extends SshSessionFactory {

  private final String defaultUser;
  private final SecretValue privateKey;
  private final List<HostKey> hostKeys;
  private final Duration timeout;

  public GitSshSessionFactory(
      String defaultUser, SecretValue privateKey, List<HostKey> hostKeys, Duration timeout) {
    this.defaultUser = defaultUser;
    this.privateKey = privateKey;
    this.hostKeys = List.copyOf(hostKeys);
    this.timeout = timeout;
  }

  @Override
  public String getType() {
    return "trueup-sshj";
  }

  @Override
  public RemoteSession getSession(URIish uri, CredentialsProvider ignored, FS fs, int tms)
      throws TransportException {
    int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    PinnedHostKeys verifier = new PinnedHostKeys(hostKeys);
    SSHClient client = new SSHClient(new DefaultConfig());
    client.setSocketFactory(new NoDelaySocketFactory());
    client.setConnectTimeout(ms);
    client.setTimeout(ms);
    client.addHostKeyVerifier(verifier);
    String host = uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : 22;
    String user = uri.getUser() != null && !uri.getUser().isEmpty() ? uri.getUser() : defaultUser;
    String where = host + ":" + port;
    boolean ok = false;
    try {
      client.getTransport().setTimeoutMs(ms);
      try {
        client.connect(host, port);
      } catch (IOException e) {
        if (verifier.refused() != null) {
          throw new TransportException(
              "host key of "
                  + where
                  + " is not pinned: it presented "
                  + verifier.refused()
                  + ", expected one of "
                  + verifier.expected());
        }
        throw new TransportException("cannot connect to " + where + ": " + e.getMessage());
      }
      KeyProvider key;
      try {
        key = client.loadKeys(privateKey.reveal(), null, null);
        key.getPublic();
      } catch (IOException | RuntimeException e) {
        throw new TransportException("the ssh private key is not a usable key");
      }
      try {
        client.authPublickey(user, key);
      } catch (UserAuthException e) {
        throw new TransportException("authentication as " + user + " at " + where + " refused");
      } catch (IOException e) {
        throw new TransportException("connection to " + where + " lost during authentication");
      }
      ok = true;
      return new SshjSession(client);
    } finally {
      if (!ok) {
        SshConnector.quietly(client);
      }
    }
  }

  private record SshjSession(SSHClient client) implements RemoteSession {
    @Override
    public Process exec(String command, int timeoutSeconds) throws IOException {
      Session session = SshConnector.session(client);
      try {
        return new CommandProcess(session, session.exec(command));
      } catch (IOException | RuntimeException e) {
        session.close();
        throw e;
      }
    }

    @Override
    public void disconnect() {
      SshConnector.quietly(client);
    }
  }

  /** A remote command seen as a {@link Process}, which is what JGit's ssh transport drives. */
  private static final class CommandProcess extends Process {
    private final Session session;
    private final Session.Command command;

    CommandProcess(Session session, Session.Command command) {
      this.session = session;
      this.command = command;
    }

    @Override
    public OutputStream getOutputStream() {
      return command.getOutputStream();
    }

    @Override
    public InputStream getInputStream() {
      return command.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
      return command.getErrorStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
      try {
        command.join();
      } catch (IOException e) {
        return -1;
      }
      Integer status = command.getExitStatus();
      return status == null ? -1 : status;
    }

    @Override
    public boolean waitFor(long time, TimeUnit unit) throws InterruptedException {
      try {
        command.join(time, unit);
      } catch (IOException e) {
        return !command.isOpen();
      }
      return !command.isOpen();
    }

    @Override
    public int exitValue() {
      Integer status = command.getExitStatus();
      if (status == null) {
        if (command.isOpen()) {
          throw new IllegalThreadStateException("still running");
        }
        return -1;
      }
      return status;
    }

    @Override
    public void destroy() {
      try {
        command.close();
      } catch (IOException e) {
        // already closed
      }
      try {
        session.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
