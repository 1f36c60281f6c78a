package dev.trueup.render;

import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The functions a user template may call as {@code fn.name(...)}: digests, encodings, quoting for
 * the languages config files are written in, and a stable per-node number for spreading work. Every
 * one is pure and deterministic, so a template renders the same bytes at every run. A call with the
 * wrong arguments fails the render with a message naming the function.
 *
 * <pre>
 * fn.sha256(text)   hex SHA-256 of the UTF-8 text
 * fn.base64(text)   standard Base64 of the UTF-8 text
 * fn.shell(text)    one POSIX shell word
 * fn.yaml(text)     a YAML double-quoted string (the JSON form)
 * fn.json(text)     a JSON string literal
 * fn.ini(text)      an INI value in double quotes
 * fn.splay(n)       a number in [0, n), the same for this node every time (cron minutes, jitter)
 * </pre>
 */
public final class TemplateFunctions {
  private TemplateFunctions() {}

  /** The functions for templates rendered for {@code node}. */
  public static Map<String, Object> forNode(String node) {
    Map<String, Object> fn = new LinkedHashMap<>();
    fn.put("sha256", text("sha256", TemplateFunctions::sha256));
    fn.put(
        "base64",
        text(
            "base64", t -> Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8))));
    fn.put("shell", text("shell", Quoting::shell));
    fn.put("yaml", text("yaml", Quoting::json));
    fn.put("json", text("json", Quoting::json));
    fn.put("ini", text("ini", Quoting::ini));
    fn.put("splay", (TemplateMethodModelEx) args -> new SimpleNumber(splay(node, count(args))));
    return fn;
  }

  /** A number in [0, n) from the node's name: spread, yet the same at every run. */
  static long splay(String node, long n) {
    long h = Long.parseUnsignedLong(sha256("trueup-splay\0" + node).substring(0, 16), 16);
    return Math.floorMod(h, n);
  }

  private static String sha256(String text) {
    return DesiredResource.DesiredFile.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static TemplateMethodModelEx text(String name, Function<String, String> f) {
    return args -> {
      if (args.size() != 1 || !(args.get(0) instanceof TemplateScalarModel s)) {
        throw new TemplateModelException("fn." + name + " takes one text argument");
      }
      return new SimpleScalar(f.apply(s.getAsString()));
    };
  }

  private static long count(List<?> args) throws TemplateModelException {
    if (args.size() == 1
        && args.get(0) instanceof TemplateNumberModel n
        && n.getAsNumber().doubleValue() >= 1
        && n.getAsNumber().doubleValue() == Math.rint(n.getAsNumber().doubleValue())) {
      return n.getAsNumber().longValue();
    }
    throw new TemplateModelException("fn.splay takes one whole number of at least 1");
  }
}
