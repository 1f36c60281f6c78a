package dev.trueup.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LogCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Reads which commits touched a resource's sources since the last applied revision, for
 * classification by commit message. Only reads; never fetches, checks out or writes.
 */
public final class CommitLog implements AutoCloseable {
  private static final int SHORT = 7;

  private final Git git;

  private CommitLog(Git git) {
    this.git = git;
  }

  /** Opens the repository whose work tree (or .git directory) is {@code dir}. */
  public static CommitLog open(Path dir) {
    try {
      return new CommitLog(Git.open(dir.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("not a Git repository: " + dir, e);
    }
  }

  /**
   * The commits reachable from {@code to} but not from {@code from} (all history up to {@code to}
   * when from is empty) that changed any of {@code paths} (repo-relative files or directories),
   * newest first.
   */
  public List<Commit> touching(Optional<String> from, String to, Collection<String> paths) {
    Repository repo = git.getRepository();
    try {
      LogCommand log = git.log().add(resolve(repo, to));
      if (from.isPresent()) {
        log.not(resolve(repo, from.get()));
      }
      paths.stream().map(CommitLog::gitPath).forEach(log::addPath);
      List<Commit> out = new ArrayList<>();
      for (RevCommit c : log.call()) {
        out.add(commit(c));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("git log failed: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code revision} names a commit this repository has: a content digest ({@code tree:})
   * or a commit from another clone, or one a rewrite dropped, does not.
   */
  public boolean knows(String revision) {
    try {
      return git.getRepository().resolve(revision + "^{commit}") != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  public List<Commit> touching(Optional<String> from, String to, String path) {
    return touching(from, to, List.of(path));
  }

  private static ObjectId resolve(Repository repo, String revision) throws IOException {
    ObjectId id = repo.resolve(revision + "^{commit}");
    if (id == null) {
      throw new IllegalArgumentException("unknown revision: " + revision);
    }
    return id;
  }

  // Git paths use '/', never start with one, and name a directory without a trailing slash.
  private static String gitPath(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static Commit commit(RevCommit c) {
    String message = c.getFullMessage().replace("\r\n", "\n");
    int nl = message.indexOf('\n');
    String subject = (nl < 0 ? message : message.substring(0, nl)).strip();
    String body = nl < 0 ? "" : message.substring(nl + 1).strip();
    PersonIdent who = c.getAuthorIdent();
    List<Commit.Trailer> trailers = new ArrayList<>();
    for (FooterLine f : c.getFooterLines()) {
      trailers.add(new Commit.Trailer(f.getKey(), f.getValue()));
    }
    return new Commit(
        c.getName(),
        c.getName().substring(0, SHORT),
        who.getName() + " <" + who.getEmailAddress() + ">",
        subject,
        body,
        trailers);
  }

  @Override
  public void close() {
    git.close();
  }

  /** Whether {@code now} has {@code before} in its history (a fast-forward, not a rewrite). */
  static boolean descends(Repository repo, ObjectId now, ObjectId before) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit base = walk.parseCommit(before);
      return walk.isMergedInto(base, walk.parseCommit(now));
    } catch (MissingObjectException e) {
      return false; // the previous commit is gone: history was rewritten
    }
  }
}
