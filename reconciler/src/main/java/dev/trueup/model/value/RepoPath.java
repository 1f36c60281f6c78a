package dev.trueup.model.value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A relative path inside the user's desired-state repo (a template, an include), lexically
 * normalized with '/' separators. It cannot name anything outside the repo by its text; {@link
 * #resolveInside} also checks where symbolic links lead.
 */
public record RepoPath(String value) implements Comparable<RepoPath> {

  public RepoPath {
    if (!(normalizeChecked(value) instanceof Parsed.Ok<String>(String normal)
        && normal.equals(value))) {
      throw new IllegalArgumentException("not a normalized repo path: " + value);
    }
  }

  public static Parsed<RepoPath> parse(String text) {
    return normalizeChecked(text).map(RepoPath::new);
  }

  private static Parsed<String> normalizeChecked(String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.invalid("path is empty");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (ControlCharacters.isControl(c)) {
        return Parsed.invalid(
            "path \""
                + NodePath.printable(text)
                + "\" contains a control character ("
                + ControlCharacters.describe(c)
                + ")");
      }
    }
    if (text.indexOf('\\') >= 0) {
      return Parsed.invalid(
          "path \"" + text + "\" contains a backslash",
          "use '/' as the separator, e.g. \"" + text.replace('\\', '/') + "\"");
    }
    if (text.startsWith("/")) {
      return Parsed.invalid(
          "path \"" + text + "\" is absolute; it must be relative to the repo",
          "write it relative to the repo root, e.g. \"" + text.replaceFirst("^/+", "") + "\"");
    }
    if (text.matches("[A-Za-z]:.*")) {
      return Parsed.invalid("path \"" + text + "\" has a drive letter; it must be relative");
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String segment : text.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          return Parsed.invalid("path \"" + text + "\" leads outside the repo");
        }
        parts.removeLast();
      } else {
        parts.addLast(segment);
      }
    }
    if (parts.isEmpty()) {
      return Parsed.invalid("path \"" + text + "\" names the repo root, not a file");
    }
    return Parsed.ok(String.join("/", parts));
  }

  /**
   * The real path of {@code path} under {@code repoRoot}: it must exist, be a regular file, and
   * stay inside the repo's real root after every symbolic link is followed. Reads the filesystem.
   */
  public static Parsed<Path> resolveInside(Path repoRoot, RepoPath path) {
    Path root;
    try {
      root = repoRoot.toRealPath();
    } catch (IOException e) {
      return Parsed.invalid("repo root " + repoRoot + " cannot be read");
    }
    Path real;
    try {
      real = root.resolve(path.value()).toRealPath();
    } catch (IOException e) {
      return Parsed.invalid("\"" + path + "\" does not exist in the repo");
    }
    if (!real.startsWith(root)) {
      return Parsed.invalid(
          "\"" + path + "\" is a symbolic link leading outside the repo",
          "copy the file into the repo instead of linking to it");
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      return Parsed.invalid("\"" + path + "\" is not a regular file");
    }
    return Parsed.ok(real);
  }

  public String fileName() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  @Override
  public int compareTo(RepoPath other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
