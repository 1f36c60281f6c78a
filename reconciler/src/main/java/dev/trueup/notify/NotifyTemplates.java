package dev.trueup.notify;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The notification templates shipped in the jar under {@code templates/notify/} (their sources are
 * the top-level {@code templates/notify/}). FreeMarker is locked down the same way as for config
 * files: no {@code ?new}, no {@code ?api}; values in the model are data and are never evaluated as
 * templates. {@code .ftlh} templates escape HTML automatically.
 */
public final class NotifyTemplates {
  private final Configuration config;

  public NotifyTemplates() {
    config = new Configuration(Configuration.VERSION_2_3_34);
    config.setTemplateLoader(new ClassTemplateLoader(NotifyTemplates.class, "/templates/notify"));
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
    config.setRecognizeStandardFileExtensions(true);
    config.setOutputFormat(PlainTextOutputFormat.INSTANCE);
    config.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
  }

  /** Renders a template; a broken built-in template is a bug, reported as such. */
  public String render(String name, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    try {
      config.getTemplate(name).process(model, out);
    } catch (IOException | TemplateException e) {
      throw new IllegalStateException("notification template " + name + ": " + e.getMessage(), e);
    }
    return out.toString();
  }
}
