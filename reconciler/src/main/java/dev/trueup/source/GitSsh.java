package dev.trueup.source;

import dev.trueup.driver.ssh.GitSshSessionFactory;
import java.time.Duration;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Git over ssh through trueup's sshj adapter: pinned host keys and the given key only; the user's
 * {@code ~/.ssh} (config, known_hosts, agent) is never consulted.
 */
public final class GitSsh {
  private GitSsh() {}

  static TransportConfigCallback configure(GitAuth.SshKey key, GitSourceSpec spec) {
    return configure(key, spec.fetchTimeout());
  }

  private static TransportConfigCallback configure(GitAuth.SshKey key, Duration timeout) {
    GitSshSessionFactory factory =
        new GitSshSessionFactory(key.user(), key.privateKey(), key.hostKeys(), timeout);
    return transport -> {
      if (transport instanceof SshTransport ssh) {
        ssh.setSshSessionFactory(factory);
      } else {
        throw new IllegalStateException("an ssh key was given for a transport that is not ssh");
      }
    };
  }

  /** A fetch, clone or push with {@code auth}'s credentials, as serve fetches. */
  public static <C extends TransportCommand<C, ?>> C authorized(
      C command, GitAuth auth, Duration timeout) {
    switch (auth) {
      case GitAuth.Token t ->
          command.setCredentialsProvider(
              new UsernamePasswordCredentialsProvider(t.username(), t.token().reveal()));
      case GitAuth.SshKey k -> command.setTransportConfigCallback(configure(k, timeout));
      case GitAuth.None n -> {}
    }
    return command;
  }
}
