package dev.trueup.source;

import dev.trueup.model.value.HostKey;
import dev.trueup.secrets.SecretValue;
import java.util.List;
import java.util.Objects;

/** How trueup authenticates to the repository. Secret values print as {@code [secret]}. */
public sealed interface GitAuth {

  /** A public repository, or a local path. */
  record None() implements GitAuth {}

  /**
   * An https token (sent as the password of HTTP basic auth, only over https).
   *
   * @param username what the host expects alongside a token ({@code x-access-token} on GitHub,
   *     {@code oauth2} on GitLab; most hosts accept any non-empty name)
   */
  record Token(String username, SecretValue token) implements GitAuth {
    public Token {
      Objects.requireNonNull(token, "token");
      username = username == null || username.isBlank() ? "git" : username;
    }
  }

  /**
   * A private key and the host keys the server must present; nothing else is trusted.
   *
   * @param user the login when the URL names none ({@code git} by default)
   */
  record SshKey(String user, SecretValue privateKey, List<HostKey> hostKeys) implements GitAuth {
    public SshKey {
      Objects.requireNonNull(privateKey, "privateKey");
      hostKeys = List.copyOf(hostKeys);
      if (hostKeys.isEmpty()) {
        throw new IllegalArgumentException("ssh auth needs at least one pinned host key");
      }
      user = user == null || user.isBlank() ? "git" : user;
    }
  }

  static GitAuth none() {
    return new None();
  }
}
