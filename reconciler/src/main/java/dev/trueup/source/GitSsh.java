package dev.trueup.source;

import org.eclipse.jgit.api.TransportConfigCallback;

/** Git over ssh: not yet supported (JGit's ssh transport module is not part of the build). */
final class GitSsh {
  private GitSsh() {}

  static TransportConfigCallback configure(GitAuth.SshKey key, GitSourceSpec spec) {
    return transport -> {
      throw new UnsupportedOperationException("git over ssh is not yet supported");
    };
  }
}
