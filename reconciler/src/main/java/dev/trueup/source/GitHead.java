package dev.trueup.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;

/** The commit a Git work tree is at, when nothing in it is modified or untracked. */
public final class GitHead {
  private GitHead() {}

  public static Optional<String> cleanCommit(Path repo) {
    if (!Files.exists(repo.resolve(".git"))) {
      return Optional.empty();
    }
    try (Git git = Git.open(repo.toFile())) {
      ObjectId head = git.getRepository().resolve("HEAD");
      if (head == null || !git.status().call().isClean()) {
        return Optional.empty();
      }
      return Optional.of(head.name());
    } catch (IOException | GitAPIException e) {
      return Optional.empty();
    }
  }
}
