package dev.trueup.review;

/**
 * Posting one report to a pull request: the sticky comment, fitted to the forge's limit, then the
 * head commit's status. Best effort on both: a failure comes back as a value, never as an
 * exception, so posting never fails what produced the report ({@code trueup report}, or serve
 * answering a pull-request webhook).
 */
public final class ReportPosting {
  private ReportPosting() {}

  /** What the two calls did. */
  public record Result(Forge.Outcome comment, Forge.Outcome status) {}

  /**
   * @param pointer where the full report is, named when the comment has to be cut
   * @param reportUrl the status's link, if the report is published somewhere
   */
  public static Result post(
      Forge target, Review review, String markdown, String pointer, String reportUrl) {
    Forge.Outcome comment =
        target.upsertComment(ForgeLimits.fit(markdown, target.limit(), pointer));
    Forge.Outcome status =
        target.setStatus(review.headCommit(), review.state(), review.headline(), reportUrl);
    return new Result(comment, status);
  }
}
