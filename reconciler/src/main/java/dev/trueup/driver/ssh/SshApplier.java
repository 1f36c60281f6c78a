package dev.trueup.driver.ssh;

import dev.trueup.driver.host.ApplyScript;
import dev.trueup.driver.host.ApplySettings;
import dev.trueup.driver.host.NodeShell;
import dev.trueup.driver.host.ScriptApplier;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.observe.NodeObserver;
import dev.trueup.secrets.SecretResolver;

/**
 * Applies to ssh nodes: one connection per apply, each script sent on the stdin of {@code sh -s}
 * (through {@code sudo -n} when the connection says sudo), every command under a deadline.
 */
public final class SshApplier extends ScriptApplier {

  private final SshConnector connector;

  /**
   * @param observer re-observes the node to verify an apply (usually the run's ssh observer)
   */
  public SshApplier(SshConnector connector, NodeObserver observer, ApplySettings settings) {
    this(connector, observer, settings, noSecrets());
  }

  /**
   * @param secrets resolves the references of systemd services' secret environment files
   */
  public SshApplier(
      SshConnector connector,
      NodeObserver observer,
      ApplySettings settings,
      SecretResolver secrets) {
    this(connector, observer, settings, secrets, null);
  }

  /**
   * @param kept the driver's observer, whose kept connections the health monitor's checks share
   *     (null: every script gets a new connection)
   */
  public SshApplier(
      SshConnector connector,
      NodeObserver observer,
      ApplySettings settings,
      SecretResolver secrets,
      SshObserver kept) {
    super(observer, settings, secrets);
    this.connector = connector;
    this.kept = kept;
  }

  private final SshObserver kept;

  @Override
  protected Target open(Node node) throws NodeShell.Failure {
    if (!(node.connection() instanceof Connection.Ssh)) {
      throw new NodeShell.Failure("not an ssh node");
    }
    SshSession session;
    try {
      session = connector.connect(node);
    } catch (SshFailure e) {
      throw new NodeShell.Failure(e.getMessage());
    }
    return target(session, true);
  }

  /** The driver's kept connection to the node (serve keeps one), else a new one. */
  @Override
  protected Target openShared(Node node) throws NodeShell.Failure {
    if (!(node.connection() instanceof Connection.Ssh)) {
      throw new NodeShell.Failure("not an ssh node");
    }
    if (kept != null) {
      try {
        return target(kept.keptSession(node), false);
      } catch (SshFailure e) {
        throw new NodeShell.Failure(e.getMessage());
      }
    }
    return open(node);
  }

  private static Target target(SshSession session, boolean owned) {
    NodeShell shell =
        new NodeShell() {
          @Override
          public dev.trueup.observe.exec.ExecResult run(String script, java.time.Duration timeout)
              throws Failure {
            try {
              return session.exec(
                  ApplyScript.COMMAND,
                  script.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  timeout);
            } catch (SshFailure e) {
              throw new Failure(e.getMessage());
            }
          }

          @Override
          public void close() {
            if (owned) {
              session.close();
            }
          }
        };
    return new Target(shell, "");
  }
}
