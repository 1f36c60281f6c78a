package dev.trueup.render;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.driver.docker.model.DesiredContainer;
import dev.trueup.driver.kubernetes.model.DesiredNamespace;
import dev.trueup.model.AlertRule;
import dev.trueup.model.Connection;
import dev.trueup.model.DesiredState;
import dev.trueup.model.EnvValue;
import dev.trueup.model.FileContent;
import dev.trueup.model.ManagedDirectory;
import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.model.Runtime;
import dev.trueup.model.Schedule;
import dev.trueup.model.Service;
import dev.trueup.model.SystemdUnit;
import dev.trueup.model.cron.CronDialect;
import dev.trueup.model.value.FileMode;
import dev.trueup.model.value.Parsed;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.render.DesiredResource.DesiredContainerResource;
import dev.trueup.render.DesiredResource.DesiredDirectory;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.DesiredResource.DesiredUnit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns a resolved node into the exact resources trueup manages there over ssh or locally:
 * directories, files, schedules, alert rules, systemd units, and the containers of container
 * services (applied by the docker driver). Reads templates and source files only through the
 * injected {@link RepoFiles}; a broken template is a {@link RenderError} of that node, never an
 * exception.
 */
public final class Renderer {
  private static final FileMode SYSTEM_FILE = new FileMode(0644);
  private static final FileMode SYSTEM_DIRECTORY = new FileMode(0755);
  private static final FileMode SECRET_FILE = new FileMode(0600);
  static final String ENV_DIRECTORY = "/etc/trueup/env";

  private final RepoFiles repo;
  private final LockedFreemarker user;
  private final LockedFreemarker builtin;

  /**
   * @param repo the desired-state repository's files ({@code templates/}, {@code files/})
   * @param builtins trueup's own templates (normally {@link RepoFiles#classpath()})
   */
  public Renderer(RepoFiles repo, RepoFiles builtins) {
    this.repo = repo;
    this.user = LockedFreemarker.of(repo, "templates", RenderLimits.REPOSITORY);
    this.builtin = LockedFreemarker.of(builtins, "templates/builtin", RenderLimits.REPOSITORY);
  }

  public Renderer(RepoFiles repo) {
    this(repo, RepoFiles.classpath());
  }

  public DesiredNode render(Node node, DesiredState fleet) {
    if (node.connection() instanceof Connection.Kubernetes k) {
      return kubernetes(node, k);
    }
    Out out = new Out();
    Optional<String> root = systemAccount(node);
    node.directories().values().forEach(d -> out.add(directory(d)));
    node.files().values().forEach(f -> userFile(node, f, out));
    node.schedules().values().forEach(s -> schedule(node, s, root, out));
    alertRules(node, root, out);
    for (Service s : node.services().values()) {
      if (s.runtime() == Runtime.SYSTEMD && s.systemd().isPresent()) {
        systemdService(node, s, s.systemd().get(), root, out);
      } else if (s.runtime() == Runtime.CONTAINER && s.image().isPresent()) {
        out.add(
            new DesiredContainerResource(DesiredContainer.of(node.name(), s), s.origins().self()));
      }
    }
    return new DesiredNode(
        node.name(), node.environment(), node.groups(), out.resources(), out.errors);
  }

  /**
   * A kubernetes node: files are rendered as usual (their content goes into ConfigMaps), then the
   * driver's builders turn services, schedules, files and alerts into the namespace's objects. What
   * a namespace cannot express is a render error of the node.
   */
  private DesiredNode kubernetes(Node node, Connection.Kubernetes k) {
    Out files = new Out();
    node.files().values().forEach(f -> userFile(node, f, files));
    Map<String, byte[]> content = new LinkedHashMap<>();
    for (DesiredResource r : files.resources()) {
      if (r instanceof DesiredFile f) {
        content.put(f.path(), f.content());
      }
    }
    List<RenderError> errors = new ArrayList<>(files.errors);
    List<DesiredResource> objects = new ArrayList<>();
    if (errors.isEmpty()) {
      try {
        DesiredNamespace namespace = DesiredNamespace.of(node, content, k.jobImage());
        for (String id : namespace.ids()) {
          objects.add(
              new DesiredResource.DesiredKubeObject(
                  id, namespace, namespace.canonical(id), node.origins().self()));
        }
      } catch (RuntimeException e) {
        errors.add(
            new RenderError(
                Optional.empty(), node.origins().self(), "kubernetes: " + e.getMessage()));
      }
    }
    return new DesiredNode(node.name(), node.environment(), node.groups(), objects, errors);
  }

  /** What the driver must look at on the node to diff it against {@code desired}. */
  public static ObservationRequest request(DesiredNode desired) {
    TreeSet<String> paths = new TreeSet<>();
    TreeSet<String> units = new TreeSet<>();
    TreeSet<String> containers = new TreeSet<>();
    for (DesiredResource r : desired.resources()) {
      if (r instanceof DesiredUnit u) {
        units.add(u.name());
      } else if (r instanceof DesiredContainerResource c) {
        containers.add(c.id());
      } else if (r instanceof DesiredResource.DesiredKubeObject) {
        continue;
      } else {
        paths.add(r.id());
      }
    }
    desired.errors().forEach(e -> e.path().ifPresent(paths::add));
    return new ObservationRequest(
        paths, units, new TreeSet<>(Marker.MANAGED_DIRECTORIES), containers);
  }

  /** Generated system files belong to root, except in a local sandbox that runs unprivileged. */
  private static Optional<String> systemAccount(Node node) {
    return node.connection() instanceof Connection.Local local && local.root().isPresent()
        ? Optional.empty()
        : Optional.of("root");
  }

  private static DesiredDirectory directory(ManagedDirectory d) {
    return new DesiredDirectory(
        d.path().value(), d.mode(), d.owner(), d.group(), d.origins().self());
  }

  private void userFile(Node node, ManagedFile f, Out out) {
    String path = f.path().value();
    SourceLocation origin = f.origins().self();
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
        };
    switch (content) {
      case Parsed.Ok<byte[]>(byte[] bytes) ->
          out.add(
              new DesiredFile(
                  path, bytes, f.mode(), f.owner(), f.group(), ResourceKind.FILE, false, origin));
      case Parsed.Invalid<byte[]> bad -> out.error(path, origin, bad.message());
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
    return model;
  }

  private void schedule(Node node, Schedule s, Optional<String> root, Out out) {
    SourceLocation origin = s.origins().self();
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", s.name());
    model.put("node", node.name());
    model.put("origin", origin.toString());
    model.put("description", GeneratedText.oneLine(s.description()));
    model.put("timezone", s.timezone().getId());
    model.put("user", s.user() == null || s.user().isEmpty() ? "root" : s.user());
    if (s.cron().dialect() == CronDialect.CRON) {
      String path = Marker.CRON_DIRECTORY + "/" + Marker.PREFIX + s.name();
      model.put("cron", s.cron().text());
      // In a crontab an unescaped % ends the command and feeds the rest to stdin.
      model.put("command", s.command().replace("%", "\\%"));
      generated(path, "cron.ftl", model, SYSTEM_FILE, root, ResourceKind.SCHEDULE, origin, out);
      return;
    }
    String base = Marker.PREFIX + s.name();
    String timer = Marker.SYSTEMD_DIRECTORY + "/" + base + ".timer";
    String service = Marker.SYSTEMD_DIRECTORY + "/" + base + ".service";
    model.put("calendar", s.cron().text());
    model.put("service", base + ".service");
    model.put("exec", "/bin/sh -c " + GeneratedText.systemdQuote(s.command()));
    generated(timer, "timer.ftl", model, SYSTEM_FILE, root, ResourceKind.SCHEDULE, origin, out);
    generated(
        service, "timer-service.ftl", model, SYSTEM_FILE, root, ResourceKind.SCHEDULE, origin, out);
    out.add(new DesiredUnit(base + ".timer", true, true, origin));
  }

  private void alertRules(Node node, Optional<String> root, Out out) {
    if (node.alerts().isEmpty()) {
      return;
    }
    List<Map<String, Object>> rules = new ArrayList<>();
    SourceLocation first = null;
    for (AlertRule rule : node.alerts().values()) {
      SourceLocation origin = rule.origins().self();
      first = first == null ? origin : first;
      rule.levels()
          .forEach(
              (level, threshold) -> {
                String value = GeneratedText.number(threshold);
                String op = rule.direction().operator();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("alert", rule.metric().replaceAll("[^A-Za-z0-9_]", "_") + "_" + level.yaml());
                r.put(
                    "expr",
                    GeneratedText.yamlQuote("(" + rule.expression() + ") " + op + " " + value));
                r.put(
                    "for",
                    rule.forDuration().map(dev.trueup.model.value.DurationText::render).orElse(""));
                r.put("severity", level.yaml());
                r.put("node", GeneratedText.yamlQuote(node.name()));
                r.put(
                    "summary",
                    GeneratedText.yamlQuote(
                        rule.metric()
                            + (op.equals(">") ? " above " : " below ")
                            + value
                            + " on "
                            + node.name()));
                r.put(
                    "origin", GeneratedText.yamlQuote(rule.origins().of(level.yaml()).toString()));
                rules.add(r);
              });
    }
    String path = Marker.ALERT_RULES_DIRECTORY + "/" + Marker.PREFIX + node.name() + ".yml";
    if (!node.directories().containsKey(Marker.ALERT_RULES_DIRECTORY)) {
      out.add(
          new DesiredDirectory(
              Marker.ALERT_RULES_DIRECTORY, Optional.of(SYSTEM_DIRECTORY), root, root, first));
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("node", node.name());
    model.put("group", Marker.PREFIX + node.name());
    model.put("rules", rules);
    generated(
        path, "alert-rules.ftl", model, SYSTEM_FILE, root, ResourceKind.ALERT_RULES, first, out);
  }

  private void systemdService(
      Node node, Service s, SystemdUnit unit, Optional<String> root, Out out) {
    SourceLocation origin = s.origins().self();
    List<String> environment = new ArrayList<>();
    java.util.TreeMap<String, dev.trueup.model.SecretRef> secretEnv = new java.util.TreeMap<>();
    new java.util.TreeMap<>(s.env())
        .forEach(
            (key, value) -> {
              switch (value) {
                case EnvValue.Literal l ->
                    environment.add(GeneratedText.systemdQuote(key + "=" + l.text()));
                // The reference, not the value: secrets are substituted when applying.
                case EnvValue.Secret secret -> secretEnv.put(key, secret.ref());
              }
            });
    boolean hasSecrets = !secretEnv.isEmpty();
    String envFile = ENV_DIRECTORY + "/" + unit.unit() + ".env";
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("service", s.name());
    model.put("node", node.name());
    model.put("origin", origin.toString());
    model.put(
        "description", GeneratedText.oneLine(s.description() == null ? s.name() : s.description()));
    model.put("exec", unit.exec().replace("%", "%%"));
    model.put("user", unit.user() == null ? "" : unit.user());
    model.put("environment", environment);
    model.put("environmentFile", hasSecrets ? envFile : "");
    model.put("restart", GeneratedText.restart(s.restart()));
    String path = Marker.SYSTEMD_DIRECTORY + "/" + unit.unit();
    if (hasSecrets) {
      out.add(
          new DesiredFile(
              envFile,
              SecretEnvFile.references(secretEnv),
              Optional.of(SECRET_FILE),
              root,
              root,
              ResourceKind.FILE,
              true,
              origin));
    }
    generated(
        path, "systemd-service.ftl", model, SYSTEM_FILE, root, ResourceKind.UNIT_FILE, origin, out);
    out.add(new DesiredUnit(unit.unit(), true, true, origin));
  }

  private void generated(
      String path,
      String template,
      Map<String, Object> model,
      FileMode mode,
      Optional<String> owner,
      ResourceKind kind,
      SourceLocation origin,
      Out out) {
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

  /** Collects resources by id; a second resource at the same id is an error, not a silent win. */
  private static final class Out {
    private final Map<String, DesiredResource> byId = new LinkedHashMap<>();
    private final List<RenderError> errors = new ArrayList<>();

    void add(DesiredResource r) {
      DesiredResource earlier = byId.putIfAbsent(r.id(), r);
      if (earlier != null) {
        error(
            r.id(),
            r.origin(),
            r.id()
                + " is already managed as a "
                + earlier.kind().label()
                + " ("
                + earlier.origin()
                + ")");
      }
    }

    void error(String path, SourceLocation origin, String message) {
      errors.add(new RenderError(Optional.of(path), origin, message));
    }

    List<DesiredResource> resources() {
      return List.copyOf(byId.values());
    }
  }
}
