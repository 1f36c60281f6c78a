package dev.trueup.driver.host.model;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.model.AlertRule;
import dev.trueup.model.Connection;
import dev.trueup.model.EnvValue;
import dev.trueup.model.ManagedDirectory;
import dev.trueup.model.Node;
import dev.trueup.model.Runtime;
import dev.trueup.model.Schedule;
import dev.trueup.model.Service;
import dev.trueup.model.SystemdUnit;
import dev.trueup.model.cron.CronDialect;
import dev.trueup.model.value.FileMode;
import dev.trueup.render.DesiredResource.DesiredDirectory;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.DesiredResource.DesiredUnit;
import dev.trueup.render.KindRenderer;
import dev.trueup.render.Marker;
import dev.trueup.render.PromQlNodeSelector;
import dev.trueup.render.RenderContext;
import dev.trueup.render.ResourceKind;
import dev.trueup.render.Resources;
import dev.trueup.render.SecretEnvFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ssh and local drivers' kinds, rendered: directories, files, schedules (cron files or systemd
 * timers), alert rules and the systemd units of {@code runtime: systemd} services, each with the
 * exact bytes, mode and owner it should have on the host.
 */
public final class HostResources implements KindRenderer {
  private static final FileMode SYSTEM_FILE = new FileMode(0644);
  private static final FileMode SYSTEM_DIRECTORY = new FileMode(0755);
  private static final FileMode SECRET_FILE = new FileMode(0600);

  @Override
  public boolean renders(Node node) {
    return !(node.connection() instanceof Connection.Kubernetes);
  }

  @Override
  public void render(Node node, RenderContext context, Resources out) {
    Optional<String> root = systemAccount(node);
    node.directories().values().forEach(d -> out.add(directory(d)));
    node.files().values().forEach(f -> context.userFile(node, f, out));
    node.schedules().values().forEach(s -> schedule(node, s, root, context, out));
    alertRules(node, root, context, out);
    for (Service s : node.services().values()) {
      if (s.runtime() == Runtime.SYSTEMD && s.systemd().isPresent()) {
        systemdService(node, s, s.systemd().get(), root, context, out);
      }
    }
    HostSetupRendering.render(node, root, out);
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

  private static void schedule(
      Node node, Schedule s, Optional<String> root, RenderContext context, Resources out) {
    SourceLocation origin = s.origins().self();
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", s.name());
    model.put("node", node.name());
    // The file only: a line number would rewrite every node's file when unrelated YAML moves.
    model.put("origin", origin.file());
    model.put("description", GeneratedText.oneLine(s.description()));
    model.put("timezone", s.timezone().getId());
    model.put("user", s.user() == null || s.user().isEmpty() ? "root" : s.user());
    if (s.cron().dialect() == CronDialect.CRON) {
      String path = Marker.CRON_DIRECTORY + "/" + Marker.PREFIX + s.name();
      model.put("cron", s.cron().text());
      // In a crontab an unescaped % ends the command and feeds the rest to stdin.
      model.put("command", s.command().replace("%", "\\%"));
      context.generated(
          path, "cron.ftl", model, SYSTEM_FILE, root, ResourceKind.SCHEDULE, origin, out);
      return;
    }
    String base = Marker.PREFIX + s.name();
    String timer = Marker.SYSTEMD_DIRECTORY + "/" + base + ".timer";
    String service = Marker.SYSTEMD_DIRECTORY + "/" + base + ".service";
    model.put("calendar", s.cron().text());
    model.put("service", base + ".service");
    model.put("exec", "/bin/sh -c " + GeneratedText.systemdQuote(s.command()));
    context.generated(
        timer, "timer.ftl", model, SYSTEM_FILE, root, ResourceKind.SCHEDULE, origin, out);
    context.generated(
        service, "timer-service.ftl", model, SYSTEM_FILE, root, ResourceKind.SCHEDULE, origin, out);
    out.add(new DesiredUnit(base + ".timer", true, true, origin));
  }

  private static void alertRules(
      Node node, Optional<String> root, RenderContext context, Resources out) {
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
                    GeneratedText.yamlQuote(
                        "("
                            + PromQlNodeSelector.select(
                                rule.expression(), rule.nodeLabel(), node.name())
                            + ") "
                            + op
                            + " "
                            + value));
                r.put(
                    "for",
                    rule.forDuration().map(dev.trueup.model.value.DurationText::render).orElse(""));
                r.put("severity", level.yaml());
                r.put("node", GeneratedText.yamlQuote(node.name()));
                r.put("environment", GeneratedText.yamlQuote(node.environment()));
                r.put(
                    "summary",
                    GeneratedText.yamlQuote(
                        rule.metric()
                            + (op.equals(">") ? " above " : " below ")
                            + value
                            + " on "
                            + node.name()));
                r.put("origin", GeneratedText.yamlQuote(rule.origins().of(level.yaml()).file()));
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
    context.generated(
        path, "alert-rules.ftl", model, SYSTEM_FILE, root, ResourceKind.ALERT_RULES, first, out);
  }

  private static void systemdService(
      Node node,
      Service s,
      SystemdUnit unit,
      Optional<String> root,
      RenderContext context,
      Resources out) {
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
    String envFile = SecretEnvFile.DIRECTORY + "/" + unit.unit() + ".env";
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("service", s.name());
    model.put("node", node.name());
    // The file only: a line number would rewrite every node's file when unrelated YAML moves.
    model.put("origin", origin.file());
    model.put(
        "description", GeneratedText.oneLine(s.description() == null ? s.name() : s.description()));
    model.put("exec", unit.exec().replace("%", "%%"));
    model.put("user", unit.user() == null ? "" : unit.user());
    model.put("environment", environment);
    model.put("environmentFile", hasSecrets ? envFile : "");
    model.put("restart", GeneratedText.restart(s.restart()));
    List<String> after = new ArrayList<>();
    for (String a : s.after()) {
      Service other = node.services().get(a);
      if (other != null && other.runtime() == Runtime.SYSTEMD && other.systemd().isPresent()) {
        after.add(other.systemd().get().unit());
      }
    }
    model.put("after", after);
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
    context.generated(
        path, "systemd-service.ftl", model, SYSTEM_FILE, root, ResourceKind.UNIT_FILE, origin, out);
    List<String> restartOn = new ArrayList<>();
    List<String> reloadOn = new ArrayList<>();
    for (dev.trueup.model.ManagedFile f : node.files().values()) {
      if (f.restarts().contains(s.name())) {
        restartOn.add(f.path().value());
      }
      if (f.reloads().contains(s.name())) {
        reloadOn.add(f.path().value());
      }
    }
    out.add(new DesiredUnit(unit.unit(), true, true, origin, restartOn, reloadOn));
  }
}
