package dev.trueup.review;

/**
 * What a forge accepts in one comment. A report that is too long keeps its beginning (the summary
 * comes first) up to the last whole line that fits, closes an open code block, and ends with a
 * pointer to the full report. Deterministic: the same report and limit cut at the same place.
 */
public final class ForgeLimits {
  /** GitHub's limit on a comment body, in characters. */
  public static final int GITHUB = 65_536;

  /** GitLab notes allow 1,000,000 characters. */
  public static final int GITLAB = 1_000_000;

  /** Gitea/Forgejo have no documented limit; keep to GitHub's. */
  public static final int GITEA = GITHUB;

  private ForgeLimits() {}

  public static String fit(String markdown, int limit, String fullReport) {
    if (markdown.length() <= limit) {
      return markdown;
    }
    String footer =
        "\n---\n\n**Report truncated** (%d of %d characters shown). The full report: %s\n"
            .formatted(0, markdown.length(), fullReport);
    int budget = limit - footer.length() - 16; // room for the shown count and a closing fence
    int cut = markdown.lastIndexOf('\n', Math.max(0, budget));
    String kept = cut <= 0 ? "" : markdown.substring(0, cut + 1);
    if (fences(kept) % 2 == 1) {
      kept = kept + "```\n";
    }
    return kept
        + "\n---\n\n**Report truncated** (%d of %d characters shown). The full report: %s\n"
            .formatted(kept.length(), markdown.length(), fullReport);
  }

  private static int fences(String text) {
    int n = 0;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("```")) {
        n++;
      }
    }
    return n;
  }
}
