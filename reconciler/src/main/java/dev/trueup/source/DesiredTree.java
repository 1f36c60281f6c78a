package dev.trueup.source;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of one desired revision and, when they come from Git, the commit they are, the
 * repository that holds its history (for commit-message classification) and where in that
 * repository the fleet lives. A directory outside Git, or one with local edits, has no commit: its
 * revision is a digest of its content.
 *
 * @param files the fleet's files (fleet.yaml at the top)
 * @param commit the commit the files are, if they are exactly one
 * @param history the repository (work tree or bare) whose log reaches {@code commit}
 * @param subdirectory where {@code files} sit inside {@code history}, {@code /}-separated, empty
 *     when the fleet is the top of the repository
 */
public record DesiredTree(
    Path files, Optional<String> commit, Optional<Path> history, String subdirectory) {
  public DesiredTree {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(subdirectory, "subdirectory");
    if (commit.isPresent() != history.isPresent()) {
      throw new IllegalArgumentException("a commit needs the repository holding its history");
    }
  }

  /** Content only: no commit, no history. */
  public static DesiredTree contentOnly(Path files) {
    return new DesiredTree(files, Optional.empty(), Optional.empty(), "");
  }

  /**
   * A directory: HEAD's commit when it is a clean, tracked part of a Git work tree (its top or a
   * subdirectory), otherwise content only.
   */
  public static DesiredTree of(Path dir) {
    return GitHead.clean(dir)
        .map(
            h ->
                new DesiredTree(
                    dir, Optional.of(h.commit()), Optional.of(h.workTree()), h.subdirectory()))
        .orElseGet(() -> contentOnly(dir));
  }

  /** The files of {@code commit}, copied out of the top of the repository {@code history}. */
  public static DesiredTree ofCommit(Path files, String commit, Path history) {
    return new DesiredTree(files, Optional.of(commit), Optional.of(history), "");
  }

  /** The commit id, or the content digest when there is no commit (see {@link WorkingTree}). */
  public String revision() {
    return commit.orElseGet(() -> WorkingTree.contentDigest(files));
  }

  /** A fleet path ({@code nodes/a.yaml}) as the history names it ({@code desired-state/...}). */
  public String historyPath(String fleetPath) {
    return subdirectory.isEmpty() ? fleetPath : subdirectory + "/" + fleetPath;
  }
}
