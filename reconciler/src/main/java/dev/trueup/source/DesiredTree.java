package dev.trueup.source;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of one desired revision and, when they come from Git, the commit they are and the
 * repository that holds its history (for commit-message classification). A directory outside Git,
 * or a work tree with local edits, has no commit: its revision is a digest of its content.
 *
 * @param files the repository's files (fleet.yaml at the top)
 * @param commit the commit the files are, if they are exactly one
 * @param history the repository (work tree or bare) whose log reaches {@code commit}
 */
public record DesiredTree(Path files, Optional<String> commit, Optional<Path> history) {
  public DesiredTree {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(history, "history");
    if (commit.isPresent() != history.isPresent()) {
      throw new IllegalArgumentException("a commit needs the repository holding its history");
    }
  }

  /** A directory: its clean Git HEAD when it is a clean work tree, otherwise content only. */
  public static DesiredTree of(Path dir) {
    Optional<String> head = GitHead.cleanCommit(dir);
    return new DesiredTree(dir, head, head.map(h -> dir));
  }

  /** The files of {@code commit}, copied out of the repository {@code history}. */
  public static DesiredTree ofCommit(Path files, String commit, Path history) {
    return new DesiredTree(files, Optional.of(commit), Optional.of(history));
  }

  /** The commit id, or the content digest when there is no commit (see {@link WorkingTree}). */
  public String revision() {
    return commit.orElseGet(() -> WorkingTree.contentDigest(files));
  }
}
