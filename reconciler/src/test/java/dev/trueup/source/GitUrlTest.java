package dev.trueup.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitUrlTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://git.example.org/fleet.git | HTTPS",
        "ssh://git@git.example.org:2222/fleet.git | SSH",
        "ssh://git.example.org/fleet.git | SSH",
        "git@git.example.org:ops/fleet.git | SSH",
        "git.example.org:ops/fleet.git | SSH",
        "/srv/git/fleet.git | LOCAL",
        "file:///srv/git/fleet.git | LOCAL",
      })
  void allowed(String url, GitUrl.Kind kind) {
    assertThat(GitUrl.parse(url, false).kind()).isEqualTo(kind);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "git://git.example.org/fleet.git | repository URL scheme \"git\" is not allowed: use"
            + " https://, ssh:// (or user@host:path) or a local path",
        "http://git.example.org/fleet.git | repository URL scheme \"http\" is not allowed: use"
            + " https:// (plain http is accepted only for a loopback host, and only when allowed)",
        "http://127.0.0.1:8080/fleet.git | repository URL scheme \"http\" is not allowed: use"
            + " https:// (plain http is accepted only for a loopback host, and only when allowed)",
        "ext::sh -c touch% /tmp/pwned | repository URL transport \"ext::\" is not allowed: use"
            + " https://, ssh:// (or user@host:path) or a local path",
        "fd::17 | repository URL transport \"fd::\" is not allowed: use https://, ssh:// (or"
            + " user@host:path) or a local path",
        "-u./payload | repository URL must not start with '-'",
        "--upload-pack=touch /tmp/x | repository URL must not start with '-'",
        "ssh://-oProxyCommand=touch/x | repository URL host or user must not start with '-'",
        "https://deploy:hunter2-s3cret@git.example.org/fleet.git | repository URL must not carry a"
            + " password (user:password@host): give credentials through auth, e.g. a token from a"
            + " secret",
        "ssh://git:hunter2-s3cret@git.example.org/fleet.git | repository URL must not carry a"
            + " password (user:password@host): give credentials through auth, e.g. a token from a"
            + " secret",
        "git:hunter2-s3cret@git.example.org:fleet.git | repository URL must not carry a password"
            + " (user:password@host): give credentials through auth, e.g. a token from a secret",
        "https://ghp_tokenvalue123@git.example.org/fleet.git | repository URL must not carry user"
            + " information (user@host) for https: give credentials through auth, e.g. a token"
            + " from a secret",
        "file://otherhost/srv/fleet.git | file:// URLs name a local path only (file:///path): use"
            + " https://, ssh:// (or user@host:path) or a local path",
        "fleet | repository URL is neither a URL nor an absolute path: use https://, ssh:// (or"
            + " user@host:path) or a local path",
        "ftp://git.example.org/fleet.git | repository URL scheme \"ftp\" is not allowed: use"
            + " https://, ssh:// (or user@host:path) or a local path",
      })
  void refused(String url, String message) {
    assertThatThrownBy(() -> GitUrl.parse(url, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .message()
        .doesNotContain("hunter2")
        .doesNotContain("ghp_tokenvalue123");
  }

  @ParameterizedTest
  @CsvSource({"http://127.0.0.1:8080/f.git", "http://[::1]:8080/f.git", "http://localhost/f.git"})
  void plainHttpOnlyToLoopbackAndOnlyWhenAllowed(String url) {
    assertThat(GitUrl.parse(url, true).kind()).isEqualTo(GitUrl.Kind.LOOPBACK_HTTP);
  }

  @ParameterizedTest
  @CsvSource({"http://10.0.0.1/f.git", "http://git.example.org/f.git", "http://127.0.0.1.nip.io/f"})
  void plainHttpToAnythingElseIsRefusedEvenWhenAllowed(String url) {
    assertThatThrownBy(() -> GitUrl.parse(url, true)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "main | ref \"main\" is not fully qualified: write refs/heads/main for a branch or"
            + " refs/tags/main for a tag",
        "v1.2.0 | ref \"v1.2.0\" is not fully qualified: write refs/heads/v1.2.0 for a branch or"
            + " refs/tags/v1.2.0 for a tag",
        "heads/main | ref \"heads/main\" is not fully qualified: write refs/heads/main",
        "--output=x | ref must not start with '-'",
        "refs/heads/a..b | ref \"refs/heads/a..b\" is not a valid Git ref name",
        "refs/heads/* | ref \"refs/heads/*\" is not a valid Git ref name",
      })
  void refsMustBeFullyQualified(String ref, String message) {
    assertThatThrownBy(
            () ->
                new GitSourceSpec(
                    "/srv/git/fleet.git", ref, null, Duration.ofSeconds(5), Path.of("/tmp/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
