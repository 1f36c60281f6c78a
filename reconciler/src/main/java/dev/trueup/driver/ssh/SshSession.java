package dev.trueup.driver.ssh;

import dev.trueup.driver.host.probe.ShellQuote;
import dev.trueup.observe.exec.CappedDrain;
import dev.trueup.observe.exec.Deadline;
import dev.trueup.observe.exec.ExecResult;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One authenticated connection to a node, kept open by whoever wants it; each command runs in a
 * session of its own. A command past its deadline closes the whole connection: a node that hangs
 * one command cannot be trusted to answer the next.
 */
public final class SshSession implements AutoCloseable {

  private static final int STDERR_CAP = 64 * 1024;

  private final SSHClient client;
  private final boolean sudo;
  private final int outputCap;
  private final String where;

  SshSession(SSHClient client, boolean sudo, int outputCap, String where) {
    this.client = client;
    this.sudo = sudo;
    this.outputCap = outputCap;
    this.where = where;
  }

  public boolean isOpen() {
    return client.isConnected() && client.isAuthenticated();
  }

  /** Where this session goes ({@code host:port}); also proves, in tests, which socket is used. */
  public String where() {
    return where + " from local port " + client.getLocalPort();
  }

  /**
   * Runs a command given to the login shell (as root through {@code sudo -n} when the node says
   * so), feeding it {@code stdin}, reading both outputs at once, each capped.
   */
  public ExecResult exec(String command, byte[] stdin, Duration timeout) throws SshFailure {
    Deadline deadline = Deadline.in(timeout);
    String line = sudo ? sudo(command) : command;
    AtomicBoolean expired = new AtomicBoolean();
    Thread watchdog = SshConnector.watchdog(deadline, client, expired);
    try (Session session = SshConnector.session(client)) {
      Session.Command cmd = session.exec(line);
      CappedDrain out = CappedDrain.start(cmd.getInputStream(), outputCap, "ssh-stdout");
      CappedDrain err = CappedDrain.start(cmd.getErrorStream(), STDERR_CAP, "ssh-stderr");
      Thread.ofVirtual()
          .name("ssh-stdin")
          .start(
              () -> {
                try (OutputStream in = cmd.getOutputStream()) {
                  in.write(stdin);
                } catch (IOException e) {
                  // The command exited or the connection closed; its exit status tells why.
                }
              });
      cmd.join(Math.max(1, deadline.remainingMillis()), TimeUnit.MILLISECONDS);
      if (!out.await(deadline.remainingMillis()) || !err.await(deadline.remainingMillis())) {
        throw new IOException("output did not end");
      }
      Integer status = cmd.getExitStatus();
      if (status == null) {
        throw new IOException(
            cmd.getExitSignal() != null
                ? "killed by signal " + cmd.getExitSignal()
                : "no exit status");
      }
      return new ExecResult(status, out.bytes(), err.bytes(), out.truncated() || err.truncated());
    } catch (IOException e) {
      SshConnector.quietly(client);
      if (expired.get() || deadline.passed()) {
        throw pastDeadline(timeout);
      }
      throw SshFailure.unreachable("command on " + where + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      SshConnector.quietly(client);
      throw SshFailure.unreachable("interrupted while running a command on " + where);
    } finally {
      watchdog.interrupt();
    }
  }

  /**
   * Runs one request of a program kept running in a session of this connection, started by the
   * first request (as root through {@code sudo -n} when the node says so): see {@link KeptShell}.
   * When that shell has gone, answers out of frame or says the request failed, the request runs as
   * {@code once} in a session of its own, which reports whatever is wrong as a command always did.
   *
   * @param program POSIX sh, reading requests framed as {@code ProbeScript.keptProgram} says
   * @param once the command that answers one request alone, for {@link #exec}
   */
  public synchronized ExecResult call(String program, String once, byte[] input, Duration timeout)
      throws SshFailure {
    Deadline deadline = Deadline.in(timeout);
    AtomicBoolean expired = new AtomicBoolean();
    Thread watchdog = SshConnector.watchdog(deadline, client, expired);
    try {
      if (kept == null || !kept.isOpen() || !program.equals(keptProgram)) {
        closeKept();
        kept =
            KeptShell.start(
                SshConnector.session(client),
                sudo ? sudo(program) : "sh -c " + ShellQuote.quote(program),
                outputCap);
        keptProgram = program;
      }
      ExecResult answer = kept.call(input);
      if (answer.exitCode() == 0) {
        return answer;
      }
      // The kept shell has one stderr for all its requests: a failure is run again on its own,
      // so that what it says (sudo's refusal, a missing tool) comes with it.
      closeKept();
    } catch (IOException e) {
      closeKept();
      if (expired.get() || deadline.passed()) {
        SshConnector.quietly(client);
        throw pastDeadline(timeout);
      }
    } finally {
      watchdog.interrupt();
    }
    return exec(once, input, Duration.ofMillis(Math.max(1, deadline.remainingMillis())));
  }

  private SshFailure pastDeadline(Duration timeout) {
    return SshFailure.deadline(
        "command on "
            + where
            + " did not finish within "
            + timeout.toMillis()
            + " ms; connection closed");
  }

  private KeptShell kept;
  private String keptProgram;

  private void closeKept() {
    if (kept != null) {
      kept.close();
      kept = null;
    }
  }

  /**
   * Opens a byte stream to a unix socket on the node (e.g. its container engine's), through this
   * connection: nothing listens on the node's network for it. The server must allow stream-local
   * forwarding (OpenSSH does by default) and the login user must be able to open the socket.
   */
  public SocketStream openStreamLocal(String socketPath) throws SshFailure {
    try {
      return StreamLocalChannel.open(client.getConnection(), socketPath);
    } catch (IOException | IllegalStateException e) {
      throw SshFailure.unreachable(
          "cannot open " + socketPath + " on " + where + " through SSH: " + e.getMessage());
    }
  }

  /** {@code sudo -n}: never prompts, so a missing sudo rule fails at once instead of hanging. */
  static String sudo(String command) {
    return "sudo -n sh -c " + ShellQuote.quote(command);
  }

  @Override
  public void close() {
    // The connection first: that ends a request blocked on the kept shell, which holds the lock.
    SshConnector.quietly(client);
    synchronized (this) {
      closeKept();
    }
  }
}
