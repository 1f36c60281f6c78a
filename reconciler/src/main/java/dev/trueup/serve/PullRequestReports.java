package dev.trueup.serve;

import dev.trueup.engine.Drivers;
import dev.trueup.engine.RunScope;
import dev.trueup.engine.WorkFailure;
import dev.trueup.review.Archive;
import dev.trueup.review.Forge;
import dev.trueup.review.ForgeKind;
import dev.trueup.review.ReportPosting;
import dev.trueup.review.Review;
import dev.trueup.review.ReviewMarkdown;
import dev.trueup.review.ReviewPipeline;
import dev.trueup.review.Revisions;
import dev.trueup.server.Trigger;
import dev.trueup.source.GitSource;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serve's answer to pull-request webhooks: the drift report of the pull request (as {@code trueup
 * report} makes it, never applying), archived and posted as the sticky comment and commit status.
 * One report at a time on its own thread, apart from the reconcile loop; a newer push to a pull
 * request supersedes its queued older report. Every report is a run of kind {@code report} in the
 * store, so {@code trueup history} lists it.
 */
final class PullRequestReports implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PullRequestReports.class);

  private static final int REASON_LENGTH = 300;

  /** Actions after which the pull request's content is new or back. */
  private static final Set<String> REPORTED =
      Set.of("opened", "synchronize", "reopened", "open", "update", "reopen", "edited");

  private final GitSource git;
  private final Store store;
  private final ServeSettings.Reports settings;
  private final int parallelism;
  private final Duration lease;
  private final Clock clock;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("trueup-pr-reports").factory());
  private final Map<String, Trigger.PullRequest> queued = new LinkedHashMap<>();
  private volatile WorkFailure lastFailure;

  /**
   * @param lease the run lease other runs hold a report's run to ({@code --run-lease})
   */
  PullRequestReports(
      GitSource git,
      Store store,
      ServeSettings.Reports settings,
      int parallelism,
      Duration lease,
      Clock clock) {
    this.git = git;
    this.store = store;
    this.settings = settings;
    this.parallelism = parallelism;
    this.lease = lease;
    this.clock = clock;
  }

  /** Queues the pull request's report; returns at once. */
  void submit(Trigger.PullRequest pr) {
    if (!REPORTED.contains(pr.action())) {
      log.info("pull request {} {}: no report", pr.number(), pr.action());
      return;
    }
    String key = pr.forge().label() + "#" + pr.number();
    synchronized (queued) {
      boolean waiting = queued.containsKey(key);
      queued.put(key, pr);
      if (waiting) {
        log.info("pull request {}: a newer head supersedes the queued report", pr.number());
        return;
      }
    }
    worker.execute(
        () -> {
          Trigger.PullRequest latest;
          synchronized (queued) {
            latest = queued.remove(key);
          }
          if (latest != null) {
            report(latest);
          }
        });
  }

  /** The last report that failed; a later one that works does not clear it. */
  Optional<WorkFailure> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /**
   * Makes one report; every failure — an error too (a head whose template includes itself) — is
   * logged and recorded as the run's failure, never thrown, so the worker goes on with the next.
   */
  void report(Trigger.PullRequest pr) {
    Run run;
    try {
      run = store.runs().start(Run.Kind.REPORT, "pull request " + pr.number(), null);
    } catch (Throwable e) {
      failed(pr, e); // the store refused the run itself
      return;
    }
    try {
      RunScope.run(
          store,
          run,
          lease,
          r -> {
            String summary = reportNow(pr, r);
            return new RunScope.Ending<>(summary, Run.Status.SUCCEEDED, summary);
          },
          e -> "pull request " + pr.number() + ": " + reason(e));
    } catch (Throwable e) {
      failed(pr, e); // recorded as the run's failure by the scope
    }
  }

  private String reportNow(Trigger.PullRequest pr, Run run) {
    GitSource.ReviewCommits commits = fetch(pr);
    store.runs().setDesiredRevision(run.id(), commits.head());
    Review review;
    String markdown;
    try (Revisions revisions =
        Revisions.materialize(git.mirrorDirectory().toString(), commits.base(), commits.head())) {
      review =
          new ReviewPipeline(new Validator(), Drivers::standard, parallelism)
              .run(revisions.base(), revisions.head());
      markdown = ReviewMarkdown.render(review);
    }
    Optional<Path> archived = settings.archive().map(dir -> archive(dir, review, markdown));
    String posted = post(pr, review, markdown, archived);
    log.info("pull request {}: {} ({})", pr.number(), review.headline(), posted);
    return "pull request " + pr.number() + ": " + review.headline() + "; " + posted;
  }

  private void failed(Trigger.PullRequest pr, Throwable e) {
    String reason = reason(e);
    lastFailure =
        new WorkFailure(
            "pull-request reports",
            "pull request " + pr.number() + " (head " + head(pr) + ")",
            reason,
            clock.instant());
    log.warn("pull request {}: no report: {}", pr.number(), reason);
  }

  private static String head(Trigger.PullRequest pr) {
    return pr.headCommit() == null || pr.headCommit().isBlank() ? pr.headRef() : pr.headCommit();
  }

  /**
   * An exception's own message (the fetch and review errors say what went wrong, credentials
   * scrubbed), its first line and at most {@link #REASON_LENGTH} characters; an error's kind only.
   */
  private static String reason(Throwable e) {
    if (!(e instanceof RuntimeException) || e.getMessage() == null || e.getMessage().isBlank()) {
      return WorkFailure.reason(e);
    }
    String line = e.getMessage().strip().lines().findFirst().orElse("");
    return line.length() <= REASON_LENGTH ? line : line.substring(0, REASON_LENGTH) + "...";
  }

  /** The forge's pull-request ref first (it also reaches forks), else the head branch. */
  private GitSource.ReviewCommits fetch(Trigger.PullRequest pr) {
    Optional<String> forgeRef =
        switch (pr.forge()) {
          case GITHUB, GITEA -> Optional.of("refs/pull/" + pr.number() + "/head");
          case GITLAB -> Optional.of("refs/merge-requests/" + pr.number() + "/head");
          case GENERIC -> Optional.empty();
        };
    if (forgeRef.isPresent()) {
      try {
        return git.fetchReview(pr.baseRef(), forgeRef.get());
      } catch (IllegalArgumentException e) {
        log.debug("pull request {}: {}; trying {}", pr.number(), e.getMessage(), pr.headRef());
      }
    }
    return git.fetchReview(pr.baseRef(), pr.headRef());
  }

  private Path archive(Path dir, Review review, String markdown) {
    try {
      return new Archive(dir).write(review, markdown, LocalDate.now(clock));
    } catch (RuntimeException e) {
      log.warn("the report could not be archived in {}: {}", dir, e.getMessage());
      return null;
    }
  }

  /** The API a webhook's sender posts reports through; a generic sender has none. */
  static Optional<ForgeKind> commentApi(dev.trueup.server.Forge sender) {
    return switch (sender) {
      case GITHUB -> Optional.of(ForgeKind.GITHUB);
      case GITLAB -> Optional.of(ForgeKind.GITLAB);
      case GITEA -> Optional.of(ForgeKind.GITEA);
      case GENERIC -> Optional.empty();
    };
  }

  private String post(
      Trigger.PullRequest pr, Review review, String markdown, Optional<Path> archived) {
    if (settings.api().isEmpty() || settings.token().isEmpty()) {
      return "not posted: no forge API configured";
    }
    Optional<Forge> forge =
        commentApi(pr.forge())
            .map(
                kind ->
                    kind.open(
                        settings.api().get(),
                        settings.project().orElse(pr.repository()),
                        pr.number(),
                        settings.token().get()));
    if (forge.isEmpty()) {
      return "not posted: " + pr.forge().label() + " has no comment API";
    }
    String pointer =
        settings
            .reportUrl()
            .or(() -> archived.map(Path::toString))
            .orElse("the JSON and Markdown of `trueup report`");
    ReportPosting.Result r =
        ReportPosting.post(
            forge.get(), review, markdown, pointer, settings.reportUrl().orElse(null));
    return "comment "
        + (r.comment().ok() ? r.comment().what() : "failed: " + r.comment().detail())
        + ", status "
        + (r.status().ok() ? r.status().what() : "failed: " + r.status().detail());
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(2, TimeUnit.MINUTES)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
