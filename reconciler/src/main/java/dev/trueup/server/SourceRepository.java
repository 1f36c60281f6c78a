package dev.trueup.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forge repository serve follows, as the webhooks of its forge name it: a push or pull request
 * for any other repository (an organisation-wide hook, a secret shared between projects) wakes
 * nothing.
 *
 * <p>A repository is its path on the forge ({@code acme/fleet}; on GitLab {@code
 * group/subgroup/project}), compared without case, a trailing {@code .git} or slashes. The host is
 * not compared: the URL serve fetches may name the forge differently (an ssh alias, an internal
 * name, a port) while the path is the same, and a forge's secret belongs to that forge.
 */
public sealed interface SourceRepository {

  /** Whether a delivery naming these repositories (a full name, clone or web URLs) is ours. */
  boolean matches(Collection<String> named);

  /** For logs and answers. */
  String describe();

  /** The repository at {@code path} on the forge. */
  record Path(String path) implements SourceRepository {
    /** Takes a full name or a URL whose path it is. */
    public Path {
      path =
          pathOf(path)
              .orElseThrow(() -> new IllegalArgumentException("the repository path is empty"));
    }

    @Override
    public boolean matches(Collection<String> named) {
      return named.stream().map(Path::pathOf).flatMap(Optional::stream).anyMatch(path::equals);
    }

    @Override
    public String describe() {
      return path;
    }

    private static final Pattern SCP = Pattern.compile("^(?:[^@/\\s]+@)?[^:/\\s]+:(?!//)(.+)$");

    /** The normalized repository path a full name or URL gives; empty if none. */
    static Optional<String> pathOf(String text) {
      if (text == null) {
        return Optional.empty();
      }
      String t = text.strip();
      if (t.contains("://")) {
        try {
          t = Optional.ofNullable(new URI(t).getPath()).orElse("");
        } catch (URISyntaxException e) {
          return Optional.empty();
        }
      } else {
        Matcher scp = SCP.matcher(t);
        if (scp.matches()) {
          t = scp.group(1);
        }
      }
      return normalize(t);
    }

    private static Optional<String> normalize(String path) {
      String p = path == null ? "" : path.strip().toLowerCase(Locale.ROOT);
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      if (p.endsWith(".git")) {
        p = p.substring(0, p.length() - 4);
      }
      while (p.startsWith("/")) {
        p = p.substring(1);
      }
      return p.isEmpty() ? Optional.empty() : Optional.of(p);
    }
  }

  /**
   * No forge repository is known (a directory or a local path, and no {@code
   * --webhook-repository}): every signed delivery is taken, as the forge's secret is still checked.
   * Refusing them all would silently break the one-machine setup that signs its own pushes; serve
   * warns at start instead.
   */
  record Unknown(String why) implements SourceRepository {
    @Override
    public boolean matches(Collection<String> named) {
      return true;
    }

    @Override
    public String describe() {
      return why;
    }
  }

  /** {@code acme/fleet}, or a URL whose path is it. */
  static SourceRepository of(String repository) {
    return new Path(repository);
  }

  /**
   * The repository a {@code --git-url} names: the path of an https, http or ssh URL, or of the
   * scp-like {@code user@host:path}; a local path or {@code file://} URL names none.
   */
  static SourceRepository ofGitUrl(String url) {
    String u = url.strip();
    if (u.startsWith("/") || u.regionMatches(true, 0, "file:", 0, 5)) {
      return new Unknown("the source is a local path, which no forge names");
    }
    return Path.pathOf(u)
        .<SourceRepository>map(Path::new)
        .orElseGet(() -> new Unknown("the source URL names no repository path"));
  }
}
