package dev.trueup.resolve;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.model.AlertRule;
import dev.trueup.model.FileContent;
import dev.trueup.model.ManagedDirectory;
import dev.trueup.model.ManagedFile;
import dev.trueup.model.Schedule;
import dev.trueup.model.SecretRef;
import dev.trueup.model.cron.CronDialect;
import dev.trueup.model.cron.CronExpression;
import dev.trueup.model.cron.DaylightSaving;
import dev.trueup.model.value.FileMode;
import dev.trueup.model.value.LookAlikes;
import dev.trueup.model.value.Names;
import dev.trueup.model.value.NodePath;
import dev.trueup.model.value.OneLine;
import dev.trueup.model.value.Parsed;
import dev.trueup.model.value.RepoPath;
import dev.trueup.model.value.ReservedPaths;
import dev.trueup.model.value.TimeZones;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Binds a node's merged schedules, alerts, files and directories. */
final class SettingsBinder {
  private static final DateTimeFormatter LAST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private final Fields fields;
  private final RepoFileCheck repoFiles;
  private final ZoneId fleetZone;
  private final Instant now;
  private final String nodeLabel;

  SettingsBinder(Fields fields, RepoFileCheck repoFiles, ZoneId fleetZone, Instant now) {
    this(fields, repoFiles, fleetZone, now, dev.trueup.model.AlertRule.DEFAULT_NODE_LABEL);
  }

  /**
   * @param nodeLabel the label scrape targets carry their node's name in ({@code
   *     alerting.nodeLabel})
   */
  SettingsBinder(
      Fields fields, RepoFileCheck repoFiles, ZoneId fleetZone, Instant now, String nodeLabel) {
    this.nodeLabel = nodeLabel;
    this.fields = fields;
    this.repoFiles = repoFiles;
    this.fleetZone = fleetZone;
    this.now = now;
  }

  SortedMap<String, Schedule> schedules(YamlMap all) {
    SortedMap<String, Schedule> out = new TreeMap<>();
    for (YamlMap.Entry e : all.entries().values()) {
      String path = "schedules." + e.key();
      // state: absent and enabled: false say the same: the schedule's file leaves the node.
      if (!(e.value() instanceof YamlMap s)
          || !fields.bool(s, "enabled").orElse(true)
          || "absent".equals(fields.text(s, "state", "present"))) {
        continue;
      }
      if (!name(e, path, Names::scheduleName)) {
        continue;
      }
      CronDialect dialect = fields.choice(s, "dialect", CronDialect.class).orElse(CronDialect.CRON);
      Optional<CronExpression> cron =
          fields.parse(
              s, "cron", path + ".cron", "schedule.cron", t -> CronExpression.parse(t, dialect));
      Optional<ZoneId> zone =
          fields.parse(s, "timezone", path + ".timezone", "schedule.timezone", TimeZones::zone);
      String user = fields.text(s, "user", "root");
      boolean userOk = account(s, "user", path);
      Optional<String> command = fields.text(s, "command");
      if (command.isPresent() && !oneLine(s, "command", path, "a schedule's command")) {
        continue;
      }
      if (!described(s, path, "a schedule's description")) {
        continue;
      }
      for (String required : new String[] {"cron", "command"}) {
        if (s.get(required).isEmpty()) {
          fields.error(
              "schedule.incomplete",
              e.keyLocation(),
              path,
              "schedule '" + e.key() + "' has no " + required + " after inheritance",
              "set " + required + ": here or in the layer it inherits from");
        }
      }
      if (cron.isEmpty() || command.isEmpty() || !userOk) {
        continue;
      }
      if (s.get("timezone").isPresent() && zone.isEmpty()) {
        continue;
      }
      if (!timely(cron.get(), zone.orElse(fleetZone), s.get("cron").get().location(), path)) {
        continue;
      }
      out.put(
          e.key(),
          new Schedule(
              e.key(),
              fields.text(s, "description", ""),
              cron.get(),
              zone.orElse(fleetZone),
              command.get(),
              user,
              Fields.origins(e.keyLocation(), s)));
    }
    return out;
  }

  /**
   * A calendar limited to years that are over never fires again: a warning, not an error. WHY: the
   * revision was valid when it was written; an error would make it invalid the day after the date,
   * and serve would then apply nothing at all for a timer that merely stays idle. Runs in a
   * daylight-saving change of the coming year are a warning saying what the node's scheduler does
   * with them.
   */
  private boolean timely(CronExpression cron, ZoneId zone, SourceLocation at, String path) {
    Optional<ZonedDateTime> last = cron.lastFiring(zone);
    if (last.isPresent() && !last.get().toInstant().isAfter(now)) {
      fields.warning(
          "schedule.past",
          at,
          path + ".cron",
          "never fires again: its last date, "
              + LAST.format(last.get())
              + " "
              + zone.getId()
              + ", is past; the timer stays installed and idle",
          "remove the schedule, or give it a date still to come");
      return true;
    }
    Instant yearAhead = ZonedDateTime.ofInstant(now, zone).plusYears(1).toInstant();
    DaylightSaving.between(cron, zone, now, yearAhead)
        .ifPresent(
            w ->
                fields.warning(
                    "schedule.daylight-saving", at, path + ".cron", w.message(), w.hint()));
    return true;
  }

  SortedMap<String, AlertRule> alerts(YamlMap all) {
    return new AlertsBinder(fields, nodeLabel).alerts(all);
  }

  SortedMap<String, ManagedFile> files(YamlMap all) {
    SortedMap<String, ManagedFile> out = new TreeMap<>();
    for (YamlMap.Entry e : all.entries().values()) {
      String path = "files." + e.key();
      if (!(e.value() instanceof YamlMap f)) {
        continue;
      }
      Optional<NodePath> nodePath = nodePath(e, path);
      Optional<FileContent> content = content(f, path);
      if (Stream.of("template", "source", "content").noneMatch(k -> f.get(k).isPresent())) {
        fields.error(
            "file.no-content",
            e.keyLocation(),
            path,
            "file " + e.key() + " has no template, source or content",
            "set exactly one of them");
      }
      Optional<FileMode> mode =
          fields.parse(f, "mode", path + ".mode", "file.mode", FileMode::parse);
      boolean accounts = account(f, "owner", path) & account(f, "group", path);
      if (nodePath.isEmpty()
          || content.isEmpty()
          || !accounts
          || (f.get("mode").isPresent() && mode.isEmpty())) {
        continue;
      }
      out.put(
          nodePath.get().value(),
          new ManagedFile(
              nodePath.get(),
              content.get(),
              mode,
              fields.text(f, "owner"),
              fields.text(f, "group"),
              Fields.origins(e.keyLocation(), f),
              fields.strings(f, "restarts"),
              fields.strings(f, "reloads")));
    }
    return out;
  }

  SortedMap<String, ManagedDirectory> directories(YamlMap all) {
    SortedMap<String, ManagedDirectory> out = new TreeMap<>();
    for (YamlMap.Entry e : all.entries().values()) {
      String path = "directories." + e.key();
      YamlMap d = e.value() instanceof YamlMap m ? m : new YamlMap(e.keyLocation(), Map.of());
      Optional<NodePath> nodePath = nodePath(e, path);
      Optional<FileMode> mode =
          fields.parse(d, "mode", path + ".mode", "file.mode", FileMode::parse);
      boolean accounts = account(d, "owner", path) & account(d, "group", path);
      if (nodePath.isEmpty() || !accounts || (d.get("mode").isPresent() && mode.isEmpty())) {
        continue;
      }
      out.put(
          nodePath.get().value(),
          new ManagedDirectory(
              nodePath.get(),
              mode,
              fields.text(d, "owner"),
              fields.text(d, "group"),
              Fields.origins(e.keyLocation(), d)));
    }
    return out;
  }

  /** A file's or directory's path: parsed, and none of those trueup writes itself. */
  private Optional<NodePath> nodePath(YamlMap.Entry e, String path) {
    return switch (NodePath.parse(e.key())) {
      case Parsed.Ok<NodePath> ok -> {
        LookAlikes.inPath(ok.value().value())
            .ifPresent(
                f ->
                    fields.warning(
                        "path.look-alike", e.keyLocation(), path, f.message(), f.hint()));
        Optional<ReservedPaths.Reason> reserved = ReservedPaths.why(ok.value());
        reserved.ifPresent(
            r -> fields.error("path.reserved", e.keyLocation(), path, r.message(), r.hint()));
        yield reserved.isPresent() ? Optional.empty() : Optional.of(ok.value());
      }
      case Parsed.Invalid<NodePath> bad -> {
        fields.error("path.node", e.keyLocation(), path, bad.message(), bad.hint());
        yield Optional.empty();
      }
    };
  }

  /**
   * A template renders at plan time, where no secret is resolved: a reference among its variables
   * would be rendered as the reference itself, so it is refused, naming where it is.
   */
  private void secretInVars(YamlNode node, String path) {
    switch (node) {
      case YamlMap m -> {
        if (m.entries().size() == 1 && m.get("secret").isPresent()) {
          fields.error(
              "file.template-secret",
              m.location(),
              path,
              "a template's variables cannot hold a secret: templates are rendered where no"
                  + " secret is resolved",
              "put the secret in a file of its own with content: {secret: name}");
          return;
        }
        m.entries().values().forEach(e -> secretInVars(e.value(), path + "." + e.key()));
      }
      case YamlList l -> {
        for (int i = 0; i < l.items().size(); i++) {
          secretInVars(l.items().get(i), path + "[" + i + "]");
        }
      }
      default -> {}
    }
  }

  private Optional<FileContent> content(YamlMap f, String path) {
    if (f.get("content").orElse(null) instanceof YamlMap ref) {
      return fields.text(ref, "secret").map(name -> new FileContent.Secret(new SecretRef(name)));
    }
    if (fields.text(f, "content").isPresent()) {
      return Optional.of(new FileContent.Inline(fields.text(f, "content").get()));
    }
    for (String kind : new String[] {"template", "source"}) {
      Optional<String> ref = fields.text(f, kind);
      if (ref.isEmpty()) {
        continue;
      }
      YamlNode at = f.get(kind).get();
      String dir = kind.equals("template") ? "templates" : "files";
      Optional<RepoPath> repoPath =
          fields.parse(f, kind, path + "." + kind, "path.repo", RepoPath::parse);
      if (repoPath.isEmpty()) {
        return Optional.empty();
      }
      Parsed<Path> inside = repoFiles.inside(dir, repoPath.get());
      if (inside instanceof Parsed.Invalid<Path> bad) {
        fields.error(
            "path.repo",
            at.location(),
            path + "." + kind,
            bad.message() + " (looked in " + dir + "/)",
            bad.hint());
        return Optional.empty();
      }
      if (kind.equals("source")) {
        return Optional.of(new FileContent.Source(dir + "/" + repoPath.get()));
      }
      Map<String, Object> vars = new LinkedHashMap<>();
      if (f.get("vars").orElse(null) instanceof YamlMap v) {
        secretInVars(v, path + ".vars");
        vars.putAll(PlainValues.of(v));
      }
      return Optional.of(new FileContent.Template(dir + "/" + repoPath.get(), vars));
    }
    return Optional.empty();
  }

  private boolean account(YamlMap m, String key, String path) {
    Optional<String> v = fields.text(m, key);
    String kind = key.equals("group") ? "group" : "user";
    return v.isEmpty()
        || fields
            .parse(m, key, path + "." + key, "file.account", t -> Names.accountName(kind, t))
            .isPresent();
  }

  /** A cron line or an {@code ExecStart=}: a line break would start a line of its own. */
  private boolean oneLine(YamlMap m, String key, String path, String what) {
    return fields
        .parse(
            m,
            key,
            path + "." + key,
            "schedule." + key,
            t -> OneLine.parse(what, t, "put a longer script in a file and run that"))
        .isPresent();
  }

  /** A description is written on one line of a cron or unit file, its line breaks as spaces. */
  private boolean described(YamlMap m, String path, String what) {
    return fields.text(m, "description").isEmpty()
        || fields
            .parse(
                m,
                "description",
                path + ".description",
                "schedule.description",
                t -> OneLine.parseFolding(what, t))
            .isPresent();
  }

  private boolean name(
      YamlMap.Entry e, String path, java.util.function.Function<String, Parsed<String>> grammar) {
    return name(fields, e, path, grammar);
  }

  /** A name checked against its grammar, the problem at the name's own place. */
  static boolean name(
      Fields fields,
      YamlMap.Entry e,
      String path,
      java.util.function.Function<String, Parsed<String>> grammar) {
    if (grammar.apply(e.key()) instanceof Parsed.Invalid<String> bad) {
      fields.error("name.grammar", e.keyLocation(), path, bad.message(), bad.hint());
      return false;
    }
    return true;
  }

  static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }
}
