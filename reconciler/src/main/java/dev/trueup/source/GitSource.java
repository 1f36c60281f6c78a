package dev.trueup.source;

import dev.trueup.secrets.Scrubber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The desired-state repository, fetched with JGit into a directory trueup owns ({@link
 * GitSourceSpec#workDir()}):
 *
 * <ul>
 *   <li>{@code mirror.git} — a bare repository holding the one ref, fetched (never merged) into
 *       {@code refs/trueup/desired} with a forced refspec, so a force-push simply moves it;
 *   <li>{@code tree} — the files of the fetched commit, written straight from Git's objects: no
 *       checkout machinery runs, so no hook, no smudge/clean filter and no submodule can act, and
 *       symbolic links are not created (they could point out of the tree).
 * </ul>
 *
 * Every fetch has a deadline (per read and in total). Errors are values whose text never holds a
 * token or URL user information. One sync at a time per source.
 */
public final class GitSource {
  static final String TRACKING = "refs/trueup/desired";
  private static final Duration GRACE = Duration.ofMillis(500);

  private final GitSourceSpec spec;
  private final Scrubber scrubber;
  private final Semaphore busy = new Semaphore(1);

  /** Runs in the fetch thread after its work, before it gives anything back (a test seam). */
  Runnable afterWork = () -> {};

  private final SyncedTree synced;

  public GitSource(GitSourceSpec spec) {
    this.spec = spec;
    this.synced = new SyncedTree(spec.workDir());
    List<String> secrets = new ArrayList<>();
    if (spec.auth() instanceof GitAuth.Token t) {
      secrets.add(t.token().reveal());
    }
    this.scrubber = Scrubber.of(secrets);
  }

  public GitSourceSpec spec() {
    return spec;
  }

  /** The work tree: the files of the last synced commit (absent before the first sync). */
  public Path tree() {
    return synced.files();
  }

  Path mirror() {
    return spec.workDir().resolve("mirror.git");
  }

  /**
   * The work tree as a desired revision: the synced commit, with the mirror as its history (so
   * commit messages classify changes as they do for a local clone). Before the first sync, or if
   * the marker is unreadable, content only.
   */
  public DesiredTree desiredTree() {
    try {
      Optional<ObjectId> commit = synced.commit();
      if (commit.isPresent()) {
        return DesiredTree.ofCommit(tree(), commit.get().name(), mirror());
      }
    } catch (IOException e) {
      // fall through: the files still classify structurally
    }
    return DesiredTree.contentOnly(tree());
  }

  /**
   * Fetches the ref (cloning on first use) and, when it moved, replaces the work tree with the new
   * commit's files. On failure nothing local changes: the last good commit stays in force.
   */
  public SyncResult sync() {
    if (!busy.tryAcquire()) {
      return new SyncResult.Failed("a sync of " + where() + " is still running");
    }
    boolean handedOff = false;
    Git git = null;
    try {
      Files.createDirectories(spec.workDir());
      Git mirror = openMirror();
      git = mirror;
      Repository repo = mirror.getRepository();
      Optional<ObjectId> before = synced.commit();
      FetchResult result;
      try {
        result = bounded(mirror, () -> fetch(mirror));
      } catch (Abandoned e) {
        handedOff = true;
        return failed(
            e.timedOut()
                ? "did not finish within " + human(spec.fetchTimeout())
                : "was interrupted");
      } catch (ExecutionException e) {
        return failed("failed: " + scrubber.scrub(CauseChain.text(e.getCause())));
      } catch (CancellationException e) {
        return failed("was interrupted");
      }
      return afterFetch(repo, before, result);
    } catch (IOException | RuntimeException e) {
      return failed("failed: " + scrubber.scrub(CauseChain.text(e)));
    } finally {
      if (!handedOff) {
        if (git != null) {
          git.close();
        }
        busy.release();
      }
    }
  }

  private SyncResult afterFetch(Repository repo, Optional<ObjectId> before, FetchResult result)
      throws IOException {
    ObjectId now = repo.resolve(TRACKING + "^{commit}");
    if (now == null) {
      return failed("failed: " + spec.ref() + " is not a commit");
    }
    TrackingRefUpdate update = result.getTrackingRefUpdate(TRACKING);
    boolean forced = update != null && update.getResult() == RefUpdate.Result.FORCED;
    Optional<String> previous = before.map(ObjectId::name);
    if (synced.holds(now)) {
      return new SyncResult.Unchanged(new Revision(now.name(), spec.ref(), previous, false));
    }
    boolean rewritten =
        before.isPresent() && (forced || !CommitLog.descends(repo, now, before.get()));
    synced.replaceWith(repo, now);
    return new SyncResult.Synced(new Revision(now.name(), spec.ref(), previous, rewritten));
  }

  private Git openMirror() throws IOException {
    Path mirror = mirror();
    Git git;
    if (Files.isDirectory(mirror.resolve("objects"))) {
      git = Git.open(mirror.toFile());
    } else {
      try {
        git = Git.init().setBare(true).setDirectory(mirror.toFile()).call();
      } catch (GitAPIException e) {
        throw new IOException("cannot create the mirror: " + e.getMessage(), e);
      }
    }
    MirrorConfig.harden(git.getRepository(), spec.workDir().resolve("no-hooks"));
    return git;
  }

  private FetchResult fetch(Git git) throws GitAPIException {
    FetchResult result = fetch(git, List.of(new RefSpec("+" + spec.ref() + ":" + TRACKING)));
    if (result.getTrackingRefUpdate(TRACKING) == null
        && result.getAdvertisedRef(spec.ref()) == null) {
      throw new IllegalStateException(spec.ref() + " does not exist in the repository");
    }
    return result;
  }

  /** One fetch with this source's credentials and per-read deadline; never tags or submodules. */
  private FetchResult fetch(Git git, List<RefSpec> specs) throws GitAPIException {
    FetchCommand fetch =
        git.fetch()
            .setRemote(spec.url().text())
            .setRefSpecs(specs)
            .setTagOpt(TagOpt.NO_TAGS)
            .setRecurseSubmodules(FetchRecurseSubmodulesMode.NO)
            .setCheckFetchedObjects(true)
            .setRemoveDeletedRefs(false)
            .setTimeout(timeoutSeconds());
    switch (spec.auth()) {
      case GitAuth.Token t ->
          fetch.setCredentialsProvider(
              new UsernamePasswordCredentialsProvider(t.username(), t.token().reveal()));
      case GitAuth.SshKey k -> fetch.setTransportConfigCallback(GitSsh.configure(k, spec));
      case GitAuth.None n -> {}
    }
    return fetch.call();
  }

  /** A pull request's two commits, fetched into the mirror. */
  public record ReviewCommits(String base, String head) {}

  /** Where {@link #fetchReview} keeps the two commits, so the mirror's branches include them. */
  public static final String REVIEW_BASE = "refs/heads/trueup-review/base";

  public static final String REVIEW_HEAD = "refs/heads/trueup-review/head";

  /**
   * Fetches a pull request's base and head refs into the mirror (as {@link #REVIEW_BASE} and {@link
   * #REVIEW_HEAD}) with this source's credentials and deadline, after any sync in flight. The
   * desired ref and the work tree are not touched.
   *
   * @throws IllegalArgumentException when a ref is not fully qualified or cannot be fetched; the
   *     message holds no credential
   */
  public ReviewCommits fetchReview(String baseRef, String headRef) {
    GitSourceSpec.checkRef(baseRef);
    GitSourceSpec.checkRef(headRef);
    try {
      if (!busy.tryAcquire(spec.fetchTimeout().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalArgumentException("a sync of " + where() + " is still running");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("interrupted while waiting for a sync");
    }
    boolean handedOff = false;
    Git opened = null;
    try {
      Git git = openMirror();
      opened = git;
      return bounded(
          git,
          () -> {
            fetch(
                git,
                List.of(
                    new RefSpec("+" + baseRef + ":" + REVIEW_BASE),
                    new RefSpec("+" + headRef + ":" + REVIEW_HEAD)));
            Repository repo = git.getRepository();
            ObjectId base = repo.resolve(REVIEW_BASE + "^{commit}");
            ObjectId head = repo.resolve(REVIEW_HEAD + "^{commit}");
            if (base == null || head == null) {
              throw new IllegalArgumentException(
                  (base == null ? baseRef : headRef) + " is not a commit in " + where());
            }
            return new ReviewCommits(base.name(), head.name());
          });
    } catch (Abandoned e) {
      handedOff = true;
      if (!e.timedOut()) {
        throw new IllegalArgumentException("interrupted while fetching " + headRef);
      }
      throw new IllegalArgumentException(
          "fetching "
              + baseRef
              + " and "
              + headRef
              + " did not finish within "
              + human(spec.fetchTimeout()));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(
          "fetching "
              + baseRef
              + " and "
              + headRef
              + " from "
              + where()
              + " failed: "
              + scrubber.scrub(CauseChain.text(e.getCause())));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "fetching "
              + baseRef
              + " and "
              + headRef
              + " from "
              + where()
              + " failed: "
              + scrubber.scrub(CauseChain.text(e)));
    } finally {
      if (!handedOff) {
        if (opened != null) {
          opened.close();
        }
        busy.release();
      }
    }
  }

  /**
   * Runs {@code work} on the mirror in a thread of its own, bounded in total by the fetch deadline
   * (JGit's timeout bounds each read only). WHY the ownership hand-over: the caller holds {@code
   * busy} and the mirror. While it waits, it keeps them: when this returns or throws {@link
   * ExecutionException}, the caller still owns both and frees them itself, so a sync that returned
   * can never leave the source busy for the next one (the thread used to free them a moment after
   * the caller had moved on). Only when the caller stops waiting (deadline, interrupt) does the
   * thread become the owner, closing the mirror and freeing the source when the work ends, so a
   * hung fetch never overlaps the next.
   */
  private <T> T bounded(Git git, Callable<T> work) throws Abandoned, ExecutionException {
    FutureTask<T> task = new FutureTask<>(work);
    AtomicReference<Owner> owner = new AtomicReference<>(Owner.CALLER);
    Thread.ofVirtual()
        .name("trueup-git-fetch")
        .start(
            () -> {
              task.run();
              afterWork.run();
              if (!owner.compareAndSet(Owner.CALLER, Owner.DONE)) {
                git.close();
                busy.release();
              }
            });
    boolean timedOut;
    try {
      return task.get(spec.fetchTimeout().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      timedOut = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      timedOut = false;
    }
    if (owner.compareAndSet(Owner.CALLER, Owner.THREAD)) {
      task.cancel(true);
      throw new Abandoned(timedOut);
    }
    // The work ended just as the caller stopped waiting: its result is there, the caller owns.
    try {
      return task.get(0, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException e) {
      throw new IllegalStateException("a finished fetch has no result", e);
    }
  }

  /** Who closes the mirror and frees the source once the fetch thread's work ends. */
  private enum Owner {
    CALLER,
    THREAD,
    DONE
  }

  /** The caller stopped waiting and handed the mirror and the source over to the fetch thread. */
  private static final class Abandoned extends Exception {
    private final boolean timedOut;

    Abandoned(boolean timedOut) {
      super(null, null, false, false);
      this.timedOut = timedOut;
    }

    boolean timedOut() {
      return timedOut;
    }
  }

  /** The bare mirror, for reading commits fetched by {@link #fetchReview}. */
  public Path mirrorDirectory() {
    return mirror();
  }

  private int timeoutSeconds() {
    long ms = spec.fetchTimeout().toMillis();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (ms + 999) / 1000));
  }

  private String where() {
    return scrubber.scrub(spec.url().text()) + " (" + spec.ref() + ")";
  }

  private SyncResult failed(String what) {
    return new SyncResult.Failed(scrubber.scrub("fetch of " + where() + " " + what));
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
