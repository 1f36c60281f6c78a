package dev.trueup.source;

import dev.trueup.driver.ssh.GitSshSessionFactory;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;

/**
 * Git over ssh through trueup's sshj adapter: pinned host keys and the given key only; the user's
 * {@code ~/.ssh} (config, known_hosts, agent) is never consulted.
 */
final class GitSsh {
  private GitSsh() {}

  static TransportConfigCallback configure(GitAuth.SshKey key, GitSourceSpec spec) {
    GitSshSessionFactory factory =
        new GitSshSessionFactory(key.user(), key.privateKey(), key.hostKeys(), spec.fetchTimeout());
    return transport -> {
      if (transport instanceof SshTransport ssh) {
        ssh.setSshSessionFactory(factory);
      } else {
        throw new IllegalStateException("an ssh key was given for a transport that is not ssh");
      }
    };
  }
}
