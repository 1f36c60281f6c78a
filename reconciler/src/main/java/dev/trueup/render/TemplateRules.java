package dev.trueup.render;

import dev.trueup.render.Rendering.Failed;
import dev.trueup.render.Rendering.Problem;
import freemarker.core.TemplateElement;
import freemarker.core.TextBlock;
import freemarker.core._CoreAPI;
import freemarker.template.Template;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

/**
 * What a template may not do, checked once per parsed template, before any of it runs (the first
 * time a rendering enters it, so included and imported templates are checked too): the whole
 * template, every branch, whether or not this rendering would reach it.
 */
final class TemplateRules {

  /** A construct refused wherever it appears outside plain text. */
  enum Refusal {
    CLOCK(
        "(?<![\\w.$)\\]])\\.now\\b",
        ".now is refused: a file rendered from the clock is different at every run and never"
            + " converges"),
    EVAL(
        "\\?eval\\b",
        "?eval is refused: an expression built from a string at run time cannot be checked"
            + " before it runs"),
    INTERPRET(
        "\\?interpret\\b",
        "?interpret is refused: a template built from a string at run time cannot be checked"
            + " before it runs");

    private final Pattern pattern;
    private final String message;

    Refusal(String pattern, String message) {
      this.pattern = Pattern.compile(pattern);
      this.message = message;
    }

    boolean appearsIn(String canonical) {
      return pattern.matcher(canonical).find();
    }
  }

  private final String directory;
  private final Map<Template, Optional<Failed>> checked = new WeakHashMap<>();

  TemplateRules(String directory) {
    this.directory = directory;
  }

  /**
   * The first refused construct of the template, if any. A template that passes gets an
   * interruption point in every loop body (FreeMarker's own, for its thread interruption support):
   * FreeMarker reports no iteration of a loop whose body is empty, the point makes each one an
   * element {@link RenderGuard} sees. Done under the lock before the template's first element runs,
   * so no rendering ever walks a tree that is being changed.
   */
  synchronized Optional<Failed> check(Template template) {
    return checked.computeIfAbsent(template, this::inspect);
  }

  private Optional<Failed> inspect(Template template) {
    Optional<Failed> refused = firstRefused(template);
    if (refused.isEmpty()) {
      _CoreAPI.addThreadInterruptedChecks(template);
    }
    return refused;
  }

  /** Walked with a stack of its own: a deeply nested template must not overflow this thread's. */
  @SuppressWarnings("deprecation") // the element tree is the only view FreeMarker gives of a parse
  private Optional<Failed> firstRefused(Template template) {
    Deque<TemplateElement> pending = new ArrayDeque<>();
    pending.push(template.getRootTreeNode());
    while (!pending.isEmpty()) {
      TemplateElement element = pending.pop();
      if (!(element instanceof TextBlock)) {
        String description = element.getDescription();
        for (Refusal refusal : Refusal.values()) {
          if (refusal.appearsIn(description)) {
            return Optional.of(
                new Failed(
                    Problem.REFUSED,
                    directory + "/" + template.getSourceName(),
                    element.getBeginLine(),
                    element.getBeginColumn(),
                    refusal.message));
          }
        }
      }
      for (int i = element.getChildCount() - 1; i >= 0; i--) {
        pending.push((TemplateElement) element.getChildAt(i));
      }
    }
    return Optional.empty();
  }
}
