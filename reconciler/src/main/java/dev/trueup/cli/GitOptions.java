package dev.trueup.cli;

import dev.trueup.model.value.HostKey;
import dev.trueup.model.value.Parsed;
import dev.trueup.secrets.SecretValue;
import dev.trueup.source.GitAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How serve reaches its Git source: the ref it follows, where it keeps it, its credentials. */
final class GitOptions {
  @Option(
      names = "--git-ref",
      defaultValue = "refs/heads/main",
      description = "The fully qualified ref to follow (default: ${DEFAULT-VALUE}).")
  String gitRef;

  @Option(
      names = "--git-work-dir",
      description =
          "Where the mirror and the work tree live (default: beside the default store, git/).")
  Path gitWorkDir;

  @Option(
      names = "--git-token-env",
      paramLabel = "VAR",
      description = "Environment variable holding an https token for --git-url.")
  String gitTokenEnv;

  @Option(
      names = "--git-username",
      description =
          "The user name sent with the token (x-access-token on GitHub, oauth2 on GitLab).")
  String gitUsername;

  @Option(
      names = "--git-ssh-key",
      paramLabel = "FILE",
      description = "Private key for an ssh:// or user@host:path --git-url.")
  Path gitSshKey;

  @Option(
      names = "--git-host-key",
      paramLabel = "KEY",
      description =
          "A host key the Git server must present ('ssh-ed25519 AAAA...'); repeatable; required"
              + " with --git-ssh-key.")
  java.util.List<String> gitHostKeys = new java.util.ArrayList<>();

  /** The credentials the options name, read now; a usage error when they cannot be. */
  GitAuth auth(Map<String, String> env, CommandLine commandLine) {
    if (gitTokenEnv != null && gitSshKey != null) {
      throw new ParameterException(
          commandLine, "--git-token-env and --git-ssh-key exclude each other");
    }
    if (gitTokenEnv != null) {
      String token = env.get(gitTokenEnv);
      if (token == null || token.isEmpty()) {
        throw new ParameterException(commandLine, gitTokenEnv + " is not set or empty");
      }
      return new GitAuth.Token(gitUsername, SecretValue.of(token));
    }
    if (gitSshKey != null) {
      java.util.List<HostKey> pinned = new java.util.ArrayList<>();
      for (String text : gitHostKeys) {
        switch (HostKey.parse(text)) {
          case Parsed.Ok<HostKey> ok -> pinned.add(ok.value());
          case Parsed.Invalid<HostKey> bad ->
              throw new ParameterException(
                  commandLine, "--git-host-key: " + bad.message() + " (" + bad.hint() + ")");
        }
      }
      if (pinned.isEmpty()) {
        throw new ParameterException(
            commandLine, "--git-ssh-key needs the server's key: add --git-host-key");
      }
      try {
        return new GitAuth.SshKey(null, SecretValue.of(Files.readAllBytes(gitSshKey)), pinned);
      } catch (IOException e) {
        throw new ParameterException(
            commandLine, "--git-ssh-key: cannot read " + gitSshKey + ": " + e.getMessage());
      }
    }
    return GitAuth.none();
  }
}
