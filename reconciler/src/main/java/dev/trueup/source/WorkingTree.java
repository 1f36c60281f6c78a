package dev.trueup.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A desired-state repository read from a directory. Its revision is the Git commit its content is
 * (see {@link GitHead}: the top of a work tree or a subdirectory of one), otherwise a digest of
 * every file trueup reads (YAML, templates, files), so two plans of the same content carry the same
 * revision and any edit gives a new one.
 */
public final class WorkingTree {
  /** What trueup reads of a fleet directory: the digest covers exactly these. */
  static final List<String> READ =
      List.of("fleet.yaml", "policy.yaml", "groups", "services", "nodes", "templates", "files");

  private WorkingTree() {}

  public static String revision(Path repo) {
    return DesiredTree.of(repo).revision();
  }

  /** The digest form of the revision, whatever Git says. */
  public static String contentDigest(Path repo) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      Path root = repo.toRealPath();
      for (String top : READ) {
        Path start = root.resolve(top);
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (Stream<Path> walk = Files.walk(start)) {
          for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
            digest.update(root.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(Files.readAllBytes(p));
            digest.update((byte) 0);
          }
        }
      }
      return "tree:" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
