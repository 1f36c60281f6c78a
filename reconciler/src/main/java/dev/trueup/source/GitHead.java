package dev.trueup.source;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.StatusCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The commit a directory's content is, when the directory is tracked in a Git work tree and nothing
 * under it is modified, untracked or ignored-but-read: the top of the work tree or any directory
 * inside it (a fleet in {@code desired-state/} of a larger repository).
 *
 * @param commit HEAD's commit id
 * @param workTree the top of the work tree, whose repository holds the history
 * @param subdirectory the directory's path inside the work tree, {@code /}-separated, empty at the
 *     top
 */
public record GitHead(String commit, Path workTree, String subdirectory) {
  public GitHead {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(workTree, "workTree");
    Objects.requireNonNull(subdirectory, "subdirectory");
  }

  /** The commit {@code dir} is at, if it is exactly a commit's content. */
  public static Optional<GitHead> clean(Path dir) {
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      return Optional.empty();
    }
    FileRepositoryBuilder found = new FileRepositoryBuilder().findGitDir(real.toFile());
    if (found.getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repo = found.setMustExist(true).build();
        Git git = new Git(repo)) {
      if (repo.isBare()) {
        return Optional.empty();
      }
      Path top = repo.getWorkTree().toPath().toRealPath();
      if (!real.startsWith(top)) {
        return Optional.empty();
      }
      String sub = top.relativize(real).toString().replace(File.separatorChar, '/');
      ObjectId head = repo.resolve("HEAD^{commit}");
      if (head == null || sub.startsWith(".git") || !tracked(repo, head, sub)) {
        return Optional.empty();
      }
      StatusCommand status = git.status();
      if (!sub.isEmpty()) {
        status.addPath(sub);
      }
      if (!clean(status.call(), sub)) {
        return Optional.empty();
      }
      return Optional.of(new GitHead(head.name(), top, sub));
    } catch (IOException | GitAPIException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Just the commit of {@link #clean}. */
  public static Optional<String> cleanCommit(Path dir) {
    return clean(dir).map(GitHead::commit);
  }

  // An ignored directory inside the repository is not in any commit: its files are not HEAD's.
  private static boolean tracked(Repository repo, ObjectId head, String sub) throws IOException {
    if (sub.isEmpty()) {
      return true;
    }
    try (RevWalk walk = new RevWalk(repo);
        TreeWalk entry = TreeWalk.forPath(repo, sub, walk.parseCommit(head).getTree())) {
      return entry != null && entry.isSubtree();
    }
  }

  /**
   * Nothing modified or untracked under the directory, and no ignored file among those trueup reads
   * (an ignored {@code files/secret.conf} would be read but is in no commit).
   */
  private static boolean clean(Status status, String sub) {
    if (!status.isClean()) {
      return false;
    }
    Set<String> ignored = status.getIgnoredNotInIndex();
    String prefix = sub.isEmpty() ? "" : sub + "/";
    for (String top : WorkingTree.READ) {
      String read = prefix + top;
      for (String path : ignored) {
        if (path.equals(read) || path.startsWith(read + "/") || read.startsWith(path + "/")) {
          return false;
        }
      }
    }
    return true;
  }
}
