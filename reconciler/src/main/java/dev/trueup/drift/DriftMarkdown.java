package dev.trueup.drift;

import dev.trueup.review.ReviewMarkdown;
import java.util.Map;

/**
 * A drift report as Markdown: {@code templates/review/drift.md.ftl} over the report's JSON and
 * nothing else, with the review templates' locked-down configuration.
 */
public final class DriftMarkdown {
  private DriftMarkdown() {}

  public static String render(DriftReport report) {
    @SuppressWarnings("unchecked")
    Map<String, Object> model = DriftReport.MAPPER.convertValue(report.tree(), Map.class);
    return ReviewMarkdown.renderTemplate("drift.md.ftl", Map.of("d", model));
  }
}
