package dev.trueup.testing;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** Commits everything in a test repository's work tree, by a fixed author, unsigned. */
public final class Commits {
  private Commits() {}

  /** Returns the new commit's id. */
  public static String all(Git git, String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    return git.commit()
        .setMessage(message)
        .setAuthor("dev", "dev@example.org")
        .setCommitter("dev", "dev@example.org")
        .setSign(false)
        .call()
        .getName();
  }
}
