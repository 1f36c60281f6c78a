package dev.trueup.render;

import dev.trueup.render.Rendering.Failed;
import dev.trueup.render.Rendering.Problem;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.cache.TemplateNameFormat;
import freemarker.core.Environment;
import freemarker.core.ParseException;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.ext.beans.BeansWrapper;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.MalformedTemplateNameException;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Pattern;

/**
 * FreeMarker, configured once for every template trueup renders (repository templates, its own
 * generated files, reports, notifications) and bounded for each rendering:
 *
 * <ul>
 *   <li>no class instantiation ({@code ?new} resolves nothing), no {@code ?api}, and Java objects
 *       in a model expose no methods: a template sees data only;
 *   <li>templates come from one loader confined to one directory, by names that may not climb out
 *       of it; no localized lookup, no reloading;
 *   <li>errors are rethrown, never printed into the output nor logged (an {@code #attempt} reports
 *       nothing either); numbers in computer format, booleans as {@code true}/{@code false}, locale
 *       ROOT, time zone UTC, plain text ({@code .ftlh} escapes HTML);
 *   <li>no {@code .now}, {@code ?eval} or {@code ?interpret} ({@link TemplateRules});
 *   <li>time, output size, steps and nesting bounded by {@link RenderLimits}, on a render thread
 *       ({@link RenderThreads}); a stack overflow or an allocation too large for the heap is a
 *       failure of that rendering, not of the process.
 * </ul>
 *
 * Values in the model are data: nothing evaluates an interpolated string as a template.
 */
public final class LockedFreemarker {
  /** How long the caller waits past the time limit for the rendering to report it itself. */
  private static final Duration GRACE = Duration.ofMillis(500);

  private static final Pattern IN_TEMPLATE =
      Pattern.compile("\\s*\\[in template \"[^\"]*\" at line \\d+, column \\d+]");

  private final TemplateLoader loader;
  private final String directory;
  private final RenderLimits limits;
  private final RenderThreads threads;
  private final TemplateRules rules;
  private volatile Configuration config;

  LockedFreemarker(
      TemplateLoader loader, String directory, RenderLimits limits, RenderThreads threads) {
    this.loader = loader;
    this.directory = directory;
    this.limits = limits;
    this.threads = threads;
    this.rules = new TemplateRules(directory);
    this.config = configuration(loader);
  }

  /**
   * trueup's own templates shipped in the jar under {@code directory} ({@code templates/review}).
   */
  public static LockedFreemarker shipped(String directory) {
    return new LockedFreemarker(
        new ClassTemplateLoader(LockedFreemarker.class, "/" + directory),
        directory,
        RenderLimits.SHIPPED,
        RenderThreads.SHARED);
  }

  /** Templates read through {@code files} from {@code directory} ({@code templates}). */
  static LockedFreemarker of(RepoFiles files, String directory, RenderLimits limits) {
    return new LockedFreemarker(
        new RepoTemplateLoader(files, directory), directory, limits, RenderThreads.SHARED);
  }

  /** The directory template names are resolved in, as failures name it. */
  public String directory() {
    return directory;
  }

  /** Renders {@code name} with {@code model}, within the limits; never throws for a template. */
  public Rendering render(String name, Map<String, ?> model) {
    Configuration using = config;
    RenderGuard guard = new RenderGuard(limits, rules, directory, name);
    return threads.run(
        () -> renderHere(using, name, model, guard),
        limits.time().plus(GRACE),
        guard::overdue,
        () ->
            new Failed(
                Problem.LIMIT,
                directory + "/" + name,
                0,
                0,
                "not rendered: earlier renderings are still running past their time limit"));
  }

  private Rendering renderHere(
      Configuration using, String name, Map<String, ?> model, RenderGuard guard) {
    try {
      Template template = using.getTemplate(name);
      Environment env = template.createProcessingEnvironment(model, guard.output());
      env.setTemplateProcessingTracer(guard);
      env.process();
      return guard.finish();
    } catch (TemplateNotFoundException e) {
      return new Failed(Problem.ERROR, directory + "/" + name, 0, 0, "not found");
    } catch (MalformedTemplateNameException e) {
      return new Failed(
          Problem.ERROR, directory + "/" + name, 0, 0, "is not a valid template name");
    } catch (ParseException e) {
      return new Failed(
          Problem.ERROR,
          directory + "/" + (e.getTemplateName() == null ? name : e.getTemplateName()),
          e.getLineNumber(),
          e.getColumnNumber(),
          summary(e.getEditorMessage()));
    } catch (TemplateException e) {
      return guard.tripped().orElseGet(() -> failure(e, name));
    } catch (IOException | RuntimeException e) {
      return guard
          .tripped()
          .orElseGet(
              () ->
                  new Failed(
                      Problem.ERROR,
                      directory + "/" + name,
                      0,
                      0,
                      "failed: " + e.getClass().getSimpleName()));
    } catch (StackOverflowError e) {
      // Thrown where FreeMarker's own bookkeeping may have been cut short: start afresh.
      rebuild(using);
      return guard.tripped().orElseGet(() -> guard.at("nested too deeply for the stack"));
    } catch (OutOfMemoryError e) {
      // The allocation that failed was this rendering's (a string doubled once too often); what
      // it built so far is garbage as soon as this returns.
      rebuild(using);
      return guard.at("ran out of memory: a value that grows without end?");
    }
  }

  private Failed failure(TemplateException e, String name) {
    String source = e.getTemplateSourceName() == null ? name : e.getTemplateSourceName();
    Integer line = e.getLineNumber();
    Integer column = e.getColumnNumber();
    return new Failed(
        Problem.ERROR,
        directory + "/" + source,
        line == null ? 0 : line,
        column == null ? 0 : column,
        summary(e.getMessageWithoutStackTop()));
  }

  private synchronized void rebuild(Configuration broken) {
    if (config == broken) {
      config = configuration(loader);
    }
  }

  /**
   * FreeMarker's message up to its tips and stack, on one line, without the location the failure
   * carries anyway: "The following has evaluated to null or missing: ==> vars.host".
   */
  static String summary(String message) {
    if (message == null || message.isBlank()) {
      return "error";
    }
    StringBuilder out = new StringBuilder();
    for (String line : message.strip().split("\n")) {
      if (line.isBlank() || line.startsWith("----")) {
        break;
      }
      out.append(out.isEmpty() ? "" : " ").append(line.strip());
    }
    return IN_TEMPLATE.matcher(out).replaceAll("").strip();
  }

  private static Configuration configuration(TemplateLoader loader) {
    Configuration config = new Configuration(Configuration.VERSION_2_3_34);
    config.setTemplateLoader(loader);
    config.setTemplateNameFormat(TemplateNameFormat.DEFAULT_2_4_0);
    config.setLocalizedLookup(false);
    config.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
    config.setRecognizeStandardFileExtensions(true);
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
    config.setDefaultEncoding("UTF-8");
    config.setOutputFormat(PlainTextOutputFormat.INSTANCE);
    DefaultObjectWrapperBuilder wrapper =
        new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
    wrapper.setExposureLevel(BeansWrapper.EXPOSE_NOTHING);
    config.setObjectWrapper(wrapper.build());
    return config;
  }
}
