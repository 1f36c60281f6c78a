package dev.trueup.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jgit.lib.Repository;

/**
 * Where the desired state comes from: a repository URL, one fully qualified ref, how to
 * authenticate, the deadline of every network operation and the directory trueup owns for its
 * mirror and work tree. The constructor refuses anything unsafe with a message that can be printed
 * as it is (no credential is ever repeated).
 *
 * @param ref {@code refs/heads/<branch>} or {@code refs/tags/<tag>} (any {@code refs/...} name); a
 *     short name such as {@code main} is refused, so a tag can never be taken for a branch
 * @param fetchTimeout the deadline of one fetch, both per read and in total
 * @param allowLoopbackHttp accept plain {@code http://} to a loopback address (tests, a local
 *     mirror)
 */
public record GitSourceSpec(
    GitUrl url,
    String ref,
    GitAuth auth,
    Duration fetchTimeout,
    Path workDir,
    boolean allowLoopbackHttp) {

  public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(90);

  public GitSourceSpec {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(workDir, "workDir");
    auth = auth == null ? new GitAuth.None() : auth;
    fetchTimeout = fetchTimeout == null ? DEFAULT_FETCH_TIMEOUT : fetchTimeout;
    checkRef(ref);
    if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
      throw new IllegalArgumentException("fetchTimeout must be positive");
    }
    if (url.kind() == GitUrl.Kind.LOOPBACK_HTTP && !allowLoopbackHttp) {
      throw new IllegalArgumentException("plain http is accepted only when allowed");
    }
    switch (auth) {
      case GitAuth.Token t when url.kind() != GitUrl.Kind.HTTPS ->
          throw new IllegalArgumentException("a token is sent only over https:// URLs");
      case GitAuth.SshKey k when url.kind() != GitUrl.Kind.SSH ->
          throw new IllegalArgumentException("an ssh key needs an ssh:// or user@host:path URL");
      default -> {
        if (url.kind() == GitUrl.Kind.SSH && !(auth instanceof GitAuth.SshKey)) {
          throw new IllegalArgumentException(
              "an ssh URL needs ssh auth: a private key and the server's pinned host keys");
        }
      }
    }
  }

  /** Parses {@code url} (see {@link GitUrl}); plain http is refused. */
  public GitSourceSpec(String url, String ref, GitAuth auth, Duration fetchTimeout, Path workDir) {
    this(GitUrl.parse(url, false), ref, auth, fetchTimeout, workDir, false);
  }

  public static GitSourceSpec allowingLoopbackHttp(
      String url, String ref, GitAuth auth, Duration fetchTimeout, Path workDir) {
    return new GitSourceSpec(GitUrl.parse(url, true), ref, auth, fetchTimeout, workDir, true);
  }

  static void checkRef(String ref) {
    if (ref == null || ref.isBlank()) {
      throw new IllegalArgumentException(
          "ref is empty: write refs/heads/<branch> or refs/tags/<tag>");
    }
    if (ref.startsWith("-")) {
      throw new IllegalArgumentException("ref must not start with '-'");
    }
    if (!ref.startsWith("refs/")) {
      String name = ref.startsWith("heads/") || ref.startsWith("tags/") ? "refs/" + ref : null;
      throw new IllegalArgumentException(
          name != null
              ? "ref \"" + ref + "\" is not fully qualified: write " + name
              : "ref \""
                  + ref
                  + "\" is not fully qualified: write refs/heads/"
                  + ref
                  + " for a branch or refs/tags/"
                  + ref
                  + " for a tag");
    }
    if (!Repository.isValidRefName(ref) || ref.contains("*")) {
      throw new IllegalArgumentException("ref \"" + ref + "\" is not a valid Git ref name");
    }
  }
}
