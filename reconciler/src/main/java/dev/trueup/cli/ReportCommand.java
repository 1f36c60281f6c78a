package dev.trueup.cli;

import dev.trueup.engine.Drivers;
import dev.trueup.review.Archive;
import dev.trueup.review.Forge;
import dev.trueup.review.ForgeKind;
import dev.trueup.review.ReportPosting;
import dev.trueup.review.Review;
import dev.trueup.review.ReviewMarkdown;
import dev.trueup.review.ReviewPipeline;
import dev.trueup.review.Revisions;
import dev.trueup.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trueup report}: the drift report of a change between two revisions, for pull requests.
 * Never applies. Posting is best effort: a failed post is said on stderr and the exit code stays 0.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Report what a change (base..head) does: desired-state changes, the plan of the affected"
            + " nodes against the live fleet, each change's class and verdict, blast radius and the"
            + " head's validation. Decided by the base revision's policy; never applies.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the report was produced (even when posting it failed)",
      "1:the report could not be produced (unknown ref, unreadable repository), or a usage error"
    })
final class ReportCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      defaultValue = ".",
      description = "A Git repository: directory or URL (default: ${DEFAULT-VALUE}).")
  String repo;

  @Option(names = "--base", required = true, description = "The base ref (target branch).")
  String base;

  @Option(names = "--head", required = true, description = "The head ref (the change).")
  String head;

  @Option(
      names = "--out",
      description = "Archive directory: <date>-<revision>.md and .json plus index.md.")
  Path out;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "markdown",
      description = "What stdout gets: markdown or json (default: ${DEFAULT-VALUE}).")
  ReportFormat output;

  /** What stdout gets. */
  enum ReportFormat {
    MARKDOWN,
    JSON
  }

  @Option(names = "--date", description = "The archive date, yyyy-MM-dd (default: today, UTC).")
  LocalDate date;

  @Option(
      names = "--forge",
      description = "Post to github, gitlab or gitea (forgejo too).",
      converter = ForgeName.class)
  ForgeKind forge;

  /** A typo in the forge's name is a usage error before any work, not a post that never was. */
  static final class ForgeName implements picocli.CommandLine.ITypeConverter<ForgeKind> {
    @Override
    public ForgeKind convert(String value) {
      return ForgeKind.named(value)
          .orElseThrow(
              () ->
                  new picocli.CommandLine.TypeConversionException(
                      "unknown forge '" + value + "': use " + ForgeKind.names()));
    }
  }

  @Option(names = "--api", description = "The forge's API base URL.")
  String api;

  @Option(names = "--project", description = "OWNER/REPO (GitLab: the project path or id).")
  String project;

  @Option(names = "--pr", description = "The pull (merge) request number.")
  Integer pr;

  @Option(
      names = "--token-env",
      defaultValue = "TRUEUP_FORGE_TOKEN",
      description = "The environment variable holding the API token (default: ${DEFAULT-VALUE}).")
  String tokenEnv;

  @Option(
      names = "--report-url",
      description = "Where the full report can be read (truncated comments and the status link).")
  String reportUrl;

  @Option(
      names = "--parallelism",
      defaultValue = "16",
      description = "Nodes observed at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Review review;
    String markdown;
    try (Revisions revisions = Revisions.materialize(repo, base, head)) {
      review =
          new ReviewPipeline(new Validator(), Drivers::standard, parallelism)
              .run(revisions.base(), revisions.head());
      markdown = ReviewMarkdown.render(review);
    } catch (IllegalArgumentException e) {
      stderr.println("trueup report: " + e.getMessage());
      stderr.flush();
      return 1;
    }
    Path archived = null;
    if (out != null) {
      try {
        archived =
            new Archive(out)
                .write(review, markdown, date != null ? date : LocalDate.now(ZoneOffset.UTC));
      } catch (RuntimeException e) {
        stderr.println("trueup report: could not write to " + out + ": " + e.getMessage());
      }
    }
    stdout.print(output == ReportFormat.JSON ? review.json() : markdown);
    stdout.flush();
    if (forge != null) {
      post(review, markdown, archived, stderr);
    }
    stderr.flush();
    return 0;
  }

  private void post(Review review, String markdown, Path archived, PrintWriter stderr) {
    String token = System.getenv(tokenEnv);
    if (api == null || project == null || pr == null || token == null || token.isBlank()) {
      stderr.println(
          "trueup report: not posted: --forge needs --api, --project, --pr and a token in $"
              + tokenEnv);
      return;
    }
    Forge target = forge.open(api, project, pr, token);
    String pointer =
        reportUrl != null
            ? reportUrl
            : archived != null ? archived.toString() : "the JSON and Markdown of `trueup report`";
    ReportPosting.Result posted = ReportPosting.post(target, review, markdown, pointer, reportUrl);
    Forge.Outcome comment = posted.comment();
    Forge.Outcome status = posted.status();
    stderr.println(
        comment.ok()
            ? "trueup report: comment " + comment.what()
            : "trueup report: comment not posted: " + comment.detail());
    if (!status.ok()) {
      stderr.println("trueup report: status not set: " + status.detail());
    }
  }
}
