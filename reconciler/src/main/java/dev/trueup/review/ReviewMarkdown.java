package dev.trueup.review;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * A review as Markdown, rendered with FreeMarker ({@code templates/review/pr.md.ftl}, shipped on
 * the class path) from the review JSON and nothing else. The configuration is locked down as for
 * repository templates: no class instantiation, no {@code ?api}, errors rethrown, not logged.
 */
public final class ReviewMarkdown {
  /** The hidden line that lets trueup find its own comment on a pull request. */
  public static final String MARKER = "<!-- trueup-drift-report -->";

  private static final Configuration CONFIG = configuration();

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
    try {
      Template template = CONFIG.getTemplate(name);
      StringWriter out = new StringWriter();
      template.process(model, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TemplateException e) {
      throw new IllegalStateException(
          "report template " + name + " failed: " + e.getMessageWithoutStackTop(), e);
    }
  }

  private static Configuration configuration() {
    Configuration config = new Configuration(Configuration.VERSION_2_3_34);
    config.setTemplateLoader(new ClassTemplateLoader(ReviewMarkdown.class, "/templates/review"));
    config.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    config.setAPIBuiltinEnabled(false);
    config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    config.setLogTemplateExceptions(false);
    config.setAttemptExceptionReporter((e, env) -> {});
    config.setWrapUncheckedExceptions(true);
    config.setNumberFormat("computer");
    config.setBooleanFormat("c");
    config.setLocale(Locale.ROOT);
    config.setTimeZone(TimeZone.getTimeZone("UTC"));
    config.setLocalizedLookup(false);
    config.setDefaultEncoding("UTF-8");
    config.setOutputFormat(PlainTextOutputFormat.INSTANCE);
    config.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
    return config;
  }
}
