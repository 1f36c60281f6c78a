package dev.trueup.adopt;

import java.util.Arrays;

/** One edit to the desired-state repository that takes a live value into it. */
public sealed interface RepoEdit {
  /** Repository-relative, forward slashes. */
  String path();

  /** A file of the repository written whole: a plain source under files/, or a live copy. */
  record WriteFile(String path, byte[] content) implements RepoEdit {
    public WriteFile {
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WriteFile w && w.path.equals(path) && Arrays.equals(w.content, content);
    }

    @Override
    public int hashCode() {
      return path.hashCode() * 31 + Arrays.hashCode(content);
    }
  }

  /**
   * The one-line scalar that starts at {@code line}:{@code column} (1-based, where validation found
   * the field) replaced by {@code scalar}, already in YAML form; the rest of the file, comments and
   * layout included, stays as it was.
   */
  record ReplaceScalar(String path, int line, int column, String scalar) implements RepoEdit {}
}
