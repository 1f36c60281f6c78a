package dev.trueup.review;

import dev.trueup.render.LockedFreemarker;
import dev.trueup.render.Rendering;
import java.util.Map;

/**
 * A review as Markdown, rendered with FreeMarker ({@code templates/review/pr.md.ftl}, shipped on
 * the class path) from the review JSON and nothing else, with the one locked-down configuration
 * ({@link LockedFreemarker}).
 */
public final class ReviewMarkdown {
  /** The hidden line that lets trueup find its own comment on a pull request. */
  public static final String MARKER = "<!-- trueup-drift-report -->";

  private static final LockedFreemarker TEMPLATES = LockedFreemarker.shipped("templates/review");

  private ReviewMarkdown() {}

  public static String render(Review review) {
    @SuppressWarnings("unchecked")
    Map<String, Object> model = Review.MAPPER.convertValue(review.tree(), Map.class);
    return renderTemplate("pr.md.ftl", Map.of("r", model, "marker", MARKER));
  }

  /**
   * Renders another report template of {@code templates/review} (e.g. {@code drift.md.ftl}) with
   * the same locked-down configuration; the model is plain maps and lists made from JSON.
   */
  public static String renderTemplate(String name, Map<String, Object> model) {
    return switch (TEMPLATES.render(name, model)) {
      case Rendering.Rendered(String text) -> text;
      case Rendering.Failed failed ->
          throw new IllegalStateException("report " + failed.describe());
    };
  }
}
