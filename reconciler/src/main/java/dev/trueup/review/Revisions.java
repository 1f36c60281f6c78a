package dev.trueup.review;

import dev.trueup.source.GitTreeWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The two revisions of a pull request, materialized from a Git repository (a directory or a URL)
 * into temporary directories. Refs are resolved in the source, fully qualified. Files are written
 * straight from the object database: no checkout filters, no hooks, no submodules, no symbolic
 * links. The head directory is a clean repository at the head commit, holding the source's history
 * (so that decisions can read its commit messages); the base is a plain tree.
 */
public final class Revisions implements AutoCloseable {
  /** Where the source's refs are kept in the review clone. */
  private static final String SOURCE = "refs/source/";

  private static final List<String> PREFIXES =
      List.of(SOURCE + "heads/", SOURCE + "tags/", SOURCE + "remotes/", SOURCE + "remotes/origin/");

  /** One materialized revision: the ref as given, the commit it resolved to, its directory. */
  public record Revision(String ref, String commit, Path dir) {
    public String shortCommit() {
      return commit.substring(0, 7);
    }
  }

  private final Path root;
  private final Revision base;
  private final Revision head;

  private Revisions(Path root, Revision base, Revision head) {
    this.root = root;
    this.base = base;
    this.head = head;
  }

  public Revision base() {
    return base;
  }

  public Revision head() {
    return head;
  }

  /**
   * @param source a repository directory or a URL Git can clone from
   * @throws IllegalArgumentException when a ref does not resolve to a commit
   */
  public static Revisions materialize(String source, String baseRef, String headRef) {
    Path root;
    try {
      root = Files.createTempDirectory("trueup-review-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path headDir = root.resolve("head");
    Path baseDir = root.resolve("base");
    try (Git git = Git.init().setDirectory(headDir.toFile()).setInitialBranch("review").call()) {
      fetch(git, uri(source));
      Repository repo = git.getRepository();
      ObjectId baseId = resolve(repo, baseRef);
      ObjectId headId = resolve(repo, headRef);
      GitTreeWriter.write(repo, baseId, baseDir);
      GitTreeWriter.write(repo, headId, headDir);
      // The index and HEAD follow the head commit; the work tree already holds its files.
      git.reset().setMode(ResetCommand.ResetType.MIXED).setRef(headId.name()).call();
      return new Revisions(
          root,
          new Revision(baseRef, baseId.name(), baseDir),
          new Revision(headRef, headId.name(), headDir));
    } catch (GitAPIException | IOException | RuntimeException e) {
      delete(root);
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(
          "cannot read " + source + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static String uri(String source) {
    Path p = Path.of(source);
    return Files.isDirectory(p) ? p.toAbsolutePath().toUri().toString() : source;
  }

  /**
   * Every branch, tag and remote-tracking branch of the source (so that {@code origin/main} in a CI
   * checkout resolves), and its HEAD, kept under {@code refs/source/}. Submodules are not fetched.
   */
  private static void fetch(Git git, String uri) throws GitAPIException {
    List<RefSpec> specs =
        List.of(
            new RefSpec("+refs/heads/*:" + SOURCE + "heads/*"),
            new RefSpec("+refs/tags/*:" + SOURCE + "tags/*"),
            new RefSpec("+refs/remotes/*:" + SOURCE + "remotes/*"));
    try {
      List<RefSpec> withHead = new java.util.ArrayList<>(specs);
      withHead.add(new RefSpec("+HEAD:" + SOURCE + "HEAD"));
      git.fetch().setRemote(uri).setRefSpecs(withHead).call();
    } catch (GitAPIException | RuntimeException e) {
      // a source without a HEAD (bare, unborn): branches and tags are enough
      git.fetch().setRemote(uri).setRefSpecs(specs).call();
    }
  }

  /**
   * A ref, fully qualified in the source: {@code HEAD} (also in expressions like {@code HEAD~1}),
   * {@code refs/...} as given, then a branch, a tag, a remote-tracking branch ({@code
   * origin/main}), a branch of origin; else a commit id or revision expression.
   */
  static ObjectId resolve(Repository repo, String ref) throws IOException {
    if (ref.isBlank() || ref.startsWith("-") || ref.contains("..")) {
      throw new IllegalArgumentException("not a ref: '" + ref + "'");
    }
    if (ref.equals("HEAD") || ref.startsWith("HEAD~") || ref.startsWith("HEAD^")) {
      ObjectId id = repo.resolve(SOURCE + ref + "^{commit}");
      if (id != null) {
        return id;
      }
    } else if (ref.startsWith("refs/")) {
      Ref found = repo.exactRef(SOURCE + ref.substring("refs/".length()));
      if (found != null) {
        return peel(repo, found.getObjectId(), ref);
      }
    } else {
      for (String prefix : PREFIXES) {
        Ref found = repo.exactRef(prefix + ref);
        if (found != null) {
          return peel(repo, found.getObjectId(), ref);
        }
      }
    }
    ObjectId id = ref.matches("[0-9a-fA-F]{4,40}") ? repo.resolve(ref + "^{commit}") : null;
    if (id == null) {
      throw new IllegalArgumentException("ref '" + ref + "' does not name a commit");
    }
    return id;
  }

  private static ObjectId peel(Repository repo, ObjectId id, String ref) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(id).getId();
    } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      throw new IllegalArgumentException("ref '" + ref + "' does not name a commit", e);
    }
  }

  @Override
  public void close() {
    delete(root);
  }

  private static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing a report for
    }
  }
}
