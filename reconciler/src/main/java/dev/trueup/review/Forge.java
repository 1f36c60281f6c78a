package dev.trueup.review;

/**
 * Where a pull request's report goes: one sticky comment (found by {@link ReviewMarkdown#MARKER},
 * created once and edited in place afterwards) and a commit status. Calls never throw: a failure is
 * a value, so posting can never fail the run that produced the report.
 */
public interface Forge {
  /** The context name of trueup's commit status. */
  String STATUS_CONTEXT = "trueup/drift-report";

  /** The most characters one comment may hold. */
  int limit();

  /** Creates trueup's comment on the pull request, or updates the one already there. */
  Outcome upsertComment(String body);

  /**
   * @param state {@code success}, {@code failure} or {@code pending}
   */
  Outcome setStatus(String commit, String state, String description, String targetUrl);

  /** What a call did: {@code created}, {@code updated}, {@code set}, or {@code failed} with why. */
  record Outcome(boolean ok, String what, String detail) {
    public static Outcome ok(String what, String detail) {
      return new Outcome(true, what, detail);
    }

    public static Outcome failed(String detail) {
      return new Outcome(false, "failed", detail);
    }
  }
}
