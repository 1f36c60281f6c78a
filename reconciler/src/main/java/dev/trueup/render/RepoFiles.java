package dev.trueup.render;

import dev.trueup.model.value.Parsed;
import dev.trueup.model.value.RepoPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads files by repo-relative path ({@code templates/app.env.ftl}, {@code files/motd.txt}). The
 * renderer reads nothing else, so tests can hand it files from memory.
 */
@FunctionalInterface
public interface RepoFiles {

  /** The file's bytes, or empty when it does not exist or cannot be read. */
  Optional<byte[]> read(String path);

  /** Files of a checked-out desired-state repository; symbolic links may not leave it. */
  static RepoFiles directory(Path root) {
    return path -> {
      if (!(RepoPath.parse(path) instanceof Parsed.Ok<RepoPath>(RepoPath repoPath))) {
        return Optional.empty();
      }
      if (!(RepoPath.resolveInside(root, repoPath) instanceof Parsed.Ok<Path>(Path real))) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readAllBytes(real));
      } catch (IOException e) {
        return Optional.empty();
      }
    };
  }

  /** The built-in templates packaged in the jar under {@code templates/}. */
  static RepoFiles classpath() {
    return path -> {
      try (InputStream in = RepoFiles.class.getClassLoader().getResourceAsStream(path)) {
        return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
      } catch (IOException e) {
        return Optional.empty();
      }
    };
  }
}
