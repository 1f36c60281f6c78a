package dev.trueup.adopt;

import dev.trueup.source.GitAuth;
import dev.trueup.source.GitSsh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * The Git side of an adoption, in a clone of its own (a person's working tree is never touched):
 * the edits written, committed on a new branch, and that branch pushed; the branch the fleet
 * follows is never the one pushed.
 */
public final class AdoptBranch {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private AdoptBranch() {}

  /** A clone of {@code url} at {@code branch} (a short name) in {@code into}. */
  public static Git cloneAt(String url, String branch, GitAuth auth, Path into)
      throws GitAPIException {
    return GitSsh.authorized(
            Git.cloneRepository()
                .setURI(url)
                .setDirectory(into.toFile())
                .setBranch("refs/heads/" + branch)
                .setCloneSubmodules(false)
                .setTimeout((int) TIMEOUT.toSeconds()),
            auth,
            TIMEOUT)
        .call();
  }

  /** The edits, in the clone's working tree. */
  public static void write(Path work, List<RepoEdit> edits) throws IOException {
    Map<String, List<RepoEdit.ReplaceScalar>> scalars = new LinkedHashMap<>();
    for (RepoEdit e : edits) {
      Path target = inside(work, e.path());
      switch (e) {
        case RepoEdit.WriteFile w -> {
          Files.createDirectories(target.getParent());
          Files.write(target, w.content());
        }
        case RepoEdit.ReplaceScalar r ->
            scalars.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(r);
      }
    }
    for (Map.Entry<String, List<RepoEdit.ReplaceScalar>> file : scalars.entrySet()) {
      Path target = inside(work, file.getKey());
      String text = Files.readString(target, StandardCharsets.UTF_8);
      // From the end of the file back, so that each edit leaves the places of the others alone.
      List<RepoEdit.ReplaceScalar> backwards = new ArrayList<>(file.getValue());
      backwards.sort(
          Comparator.comparingInt(RepoEdit.ReplaceScalar::line)
              .thenComparingInt(RepoEdit.ReplaceScalar::column)
              .reversed());
      for (RepoEdit.ReplaceScalar r : backwards) {
        String at = text;
        text =
            YamlScalarEdit.replace(at, r.line(), r.column(), r.scalar())
                .orElseThrow(
                    () ->
                        new IOException(
                            r.path()
                                + ":"
                                + r.line()
                                + ":"
                                + r.column()
                                + " holds no one-line value"));
      }
      Files.writeString(target, text, StandardCharsets.UTF_8);
    }
  }

  /**
   * Commits everything in the working tree on {@code branch}, new from the checked-out commit, and
   * pushes it to {@code url}.
   *
   * @return the new commit's id
   */
  public static String commitAndPush(
      Git git,
      String branch,
      String tracked,
      String message,
      PersonIdent author,
      String url,
      GitAuth auth)
      throws GitAPIException, IOException {
    if (branch.equals(tracked)) {
      throw new IllegalArgumentException("adopt never pushes to the branch the fleet follows");
    }
    git.checkout().setCreateBranch(true).setName(branch).call();
    git.add().addFilepattern(".").call();
    RevCommit commit =
        git.commit()
            .setMessage(message)
            .setAuthor(author)
            .setCommitter(author)
            .setSign(false)
            .call();
    Iterable<PushResult> results =
        GitSsh.authorized(
                git.push()
                    .setRemote(url)
                    .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch))
                    .setTimeout((int) TIMEOUT.toSeconds()),
                auth,
                TIMEOUT)
            .call();
    for (PushResult result : results) {
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        if (update.getStatus() != RemoteRefUpdate.Status.OK) {
          throw new IOException(
              "push of "
                  + branch
                  + " was refused: "
                  + update.getStatus()
                  + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
        }
      }
    }
    return commit.getName();
  }

  /** A repository path that stays inside the clone (validation checked them; this is the floor). */
  private static Path inside(Path work, String path) throws IOException {
    Path target = work.resolve(path).normalize();
    if (!target.startsWith(work.normalize()) || target.startsWith(work.resolve(".git"))) {
      throw new IOException(path + " is outside the repository");
    }
    return target;
  }
}
