package dev.trueup.render;

import dev.trueup.model.value.Parsed;
import freemarker.cache.TemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * FreeMarker locked down for templates from a repository: no class instantiation ({@code ?new}), no
 * {@code ?api}, exceptions rethrown (never printed into the output) and not logged, numbers in
 * computer format, output built in a buffer. Values in the data model are data: FreeMarker never
 * evaluates an interpolated string as a template.
 */
final class TemplateEngine {
  private final Configuration config;
  private final String directory;

  /**
   * @param files where templates are read from
   * @param directory the repo-relative directory template names are resolved in
   */
  TemplateEngine(RepoFiles files, String directory) {
    this.directory = directory;
    config = new Configuration(Configuration.VERSION_2_3_34);
    config.setTemplateLoader(new Loader(files, directory));
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
  }

  /** The rendered text, or a message naming the template, line and column of the problem. */
  Parsed<String> render(String name, Map<String, Object> model) {
    Template template;
    try {
      template = config.getTemplate(name);
    } catch (ParseException e) {
      return Parsed.invalid(
          "template "
              + directory
              + "/"
              + e.getTemplateName()
              + ", line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + ": "
              + firstLine(e.getEditorMessage()));
    } catch (IOException e) {
      return Parsed.invalid("template " + directory + "/" + name + " not found");
    }
    StringWriter out = new StringWriter();
    try {
      template.process(model, out);
    } catch (TemplateException e) {
      return Parsed.invalid(
          "template "
              + directory
              + "/"
              + (e.getTemplateSourceName() == null ? name : e.getTemplateSourceName())
              + ", line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + ": "
              + firstLine(e.getMessageWithoutStackTop()));
    } catch (IOException | RuntimeException e) {
      return Parsed.invalid(
          "template " + directory + "/" + name + " failed: " + e.getClass().getSimpleName());
    }
    return Parsed.ok(out.toString());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "error";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }

  /** Bytes found through {@link RepoFiles}; no file system, no class path of its own. */
  private record Loader(RepoFiles files, String directory) implements TemplateLoader {
    private record Source(String name, byte[] bytes) {}

    @Override
    public Object findTemplateSource(String name) {
      return files.read(directory + "/" + name).map(b -> new Source(name, b)).orElse(null);
    }

    @Override
    public long getLastModified(Object source) {
      return -1;
    }

    @Override
    public Reader getReader(Object source, String encoding) {
      return new InputStreamReader(
          new ByteArrayInputStream(((Source) source).bytes()), StandardCharsets.UTF_8);
    }

    @Override
    public void closeTemplateSource(Object source) {}
  }
}
