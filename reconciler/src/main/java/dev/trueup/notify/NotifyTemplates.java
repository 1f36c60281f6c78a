package dev.trueup.notify;

import dev.trueup.render.LockedFreemarker;
import dev.trueup.render.Rendering;
import java.util.Map;

/**
 * The notification templates shipped in the jar under {@code templates/notify/} (their sources are
 * the top-level {@code templates/notify/}), rendered with the one locked-down configuration ({@link
 * LockedFreemarker}); {@code .ftlh} templates escape HTML automatically.
 */
public final class NotifyTemplates {
  private final LockedFreemarker templates = LockedFreemarker.shipped("templates/notify");

  /** Renders a template; a broken built-in template is a bug, reported as such. */
  public String render(String name, Map<String, Object> model) {
    return switch (templates.render(name, model)) {
      case Rendering.Rendered(String text) -> text;
      case Rendering.Failed failed ->
          throw new IllegalStateException("notification " + failed.describe());
    };
  }
}
