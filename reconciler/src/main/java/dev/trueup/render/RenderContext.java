package dev.trueup.render;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.FileContent;
import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.model.value.FileMode;
import dev.trueup.model.value.Parsed;
import dev.trueup.render.DesiredResource.DesiredFile;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every back end renders with: the repository's files, its locked-down templates and trueup's
 * own. Reads templates and source files only through the injected {@link RepoFiles}.
 */
public final class RenderContext {
  private final RepoFiles repo;
  private final LockedFreemarker user;
  private final LockedFreemarker builtin;

  /**
   * @param repo the desired-state repository's files ({@code templates/}, {@code files/})
   * @param builtins trueup's own templates (normally {@link RepoFiles#classpath()})
   */
  public RenderContext(RepoFiles repo, RepoFiles builtins) {
    this.repo = repo;
    this.user = LockedFreemarker.of(repo, "templates", RenderLimits.REPOSITORY);
    this.builtin = LockedFreemarker.of(builtins, "templates/builtin", RenderLimits.REPOSITORY);
  }

  /** A user's {@code files:} entry: inline text, a file of the repository, or a template. */
  public void userFile(Node node, ManagedFile f, Resources out) {
    String path = f.path().value();
    SourceLocation origin = f.origins().self();
    if (f.content() instanceof FileContent.Secret secret) {
      out.add(SecretFile.desired(path, secret.ref(), f.mode(), f.owner(), f.group(), origin));
      return;
    }
    Parsed<byte[]> content =
        switch (f.content()) {
          case FileContent.Inline inline ->
              Parsed.ok(inline.text().getBytes(StandardCharsets.UTF_8));
          case FileContent.Source source ->
              repo.read(source.source())
                  .<Parsed<byte[]>>map(Parsed::ok)
                  .orElseGet(() -> Parsed.invalid("source " + source.source() + " cannot be read"));
          case FileContent.Template t ->
              text(user, stripDirectory(t.template()), templateModel(node, t.vars()))
                  .map(text -> text.getBytes(StandardCharsets.UTF_8));
          case FileContent.Secret secret -> throw new IllegalStateException("rendered above");
        };
    switch (content) {
      case Parsed.Ok<byte[]>(byte[] bytes) ->
          out.add(
              new DesiredFile(
                  path, bytes, f.mode(), f.owner(), f.group(), ResourceKind.FILE, false, origin));
      case Parsed.Invalid<byte[]> bad -> out.error(path, origin, bad.message());
    }
  }

  /**
   * A file trueup generates from one of its own templates. A model value that would break out of
   * its line is refused before rendering: the file is not written.
   */
  public void generated(
      String path,
      String template,
      Map<String, Object> model,
      FileMode mode,
      Optional<String> owner,
      ResourceKind kind,
      SourceLocation origin,
      Resources out) {
    Optional<String> breakout = LineBreakout.find(model);
    if (breakout.isPresent()) {
      out.error(path, origin, "not written: " + breakout.get());
      return;
    }
    switch (text(builtin, template, model)) {
      case Parsed.Ok<String>(String text) ->
          out.add(
              new DesiredFile(
                  path,
                  text.getBytes(StandardCharsets.UTF_8),
                  Optional.of(mode),
                  owner,
                  owner,
                  kind,
                  false,
                  origin));
      case Parsed.Invalid<String> bad -> out.error(path, origin, bad.message());
    }
  }

  /** The rendered text, or a message naming the template, line and column of the problem. */
  private static Parsed<String> text(
      LockedFreemarker engine, String template, Map<String, Object> model) {
    return switch (engine.render(template, model)) {
      case Rendering.Rendered(String text) -> Parsed.ok(text);
      case Rendering.Failed failed -> Parsed.invalid(failed.describe());
    };
  }

  static String stripDirectory(String template) {
    return template.startsWith("templates/") ? template.substring("templates/".length()) : template;
  }

  /** What a user template sees: {@code node} and the file's {@code vars}, in a stable order. */
  static Map<String, Object> templateModel(Node node, Map<String, Object> vars) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("name", node.name());
    n.put("environment", node.environment());
    n.put("groups", node.groups());
    n.put("description", node.description() == null ? "" : node.description());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("node", n);
    model.put("vars", vars);
    model.put("fn", TemplateFunctions.forNode(node.name()));
    return model;
  }
}
