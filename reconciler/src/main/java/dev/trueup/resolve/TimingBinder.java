package dev.trueup.resolve;

import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import dev.trueup.model.BusyCheck;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.ChangeTiming;
import dev.trueup.model.MaintenanceWindow;
import dev.trueup.model.cron.CronDialect;
import dev.trueup.model.cron.CronExpression;
import dev.trueup.model.value.DurationText;
import dev.trueup.model.value.Names;
import dev.trueup.model.value.OneLine;
import dev.trueup.model.value.Parsed;
import dev.trueup.model.value.TimeZones;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a node's merged {@code maintenanceWindows:}, {@code deferWhen:} and {@code maxDefer:}, and
 * the {@code deferWhen:} of each of its services.
 */
final class TimingBinder {
  private static final DateTimeFormatter LAST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private final Fields fields;
  private final ZoneId fleetZone;
  private final Instant now;

  TimingBinder(Fields fields, ZoneId fleetZone, Instant now) {
    this.fields = fields;
    this.fleetZone = fleetZone;
    this.now = now;
  }

  /**
   * @param serviceChecks each service's merged {@code deferWhen:} map, by service name
   */
  ChangeTiming bind(YamlMap merged, Map<String, YamlMap> serviceChecks) {
    List<MaintenanceWindow> windows = windows(LayerMerge.child(merged, "maintenanceWindows"));
    List<BusyCheck> checks = new ArrayList<>(checks(LayerMerge.child(merged, "deferWhen"), null));
    serviceChecks.forEach((service, map) -> checks.addAll(checks(map, service)));
    Duration maxDefer =
        fields
            .parse(merged, "maxDefer", "maxDefer", "node.max-defer", DurationText::parse)
            .orElse(ChangeTiming.DEFAULT_MAX_DEFER);
    return new ChangeTiming(windows, checks, maxDefer);
  }

  private List<MaintenanceWindow> windows(YamlMap all) {
    List<MaintenanceWindow> out = new ArrayList<>();
    for (YamlMap.Entry e : all.entries().values()) {
      String path = "maintenanceWindows." + e.key();
      if (!(e.value() instanceof YamlMap w)
          || !SettingsBinder.name(fields, e, path, Names::windowName)) {
        continue;
      }
      CronDialect dialect = fields.choice(w, "dialect", CronDialect.class).orElse(CronDialect.CRON);
      Optional<CronExpression> opens =
          fields.parse(
              w, "cron", path + ".cron", "window.cron", t -> CronExpression.parse(t, dialect));
      Optional<ZoneId> zone =
          fields.parse(w, "timezone", path + ".timezone", "window.timezone", TimeZones::zone);
      Optional<Duration> duration =
          fields.parse(
              w, "duration", path + ".duration", "window.duration", TimingBinder::windowLength);
      Set<ChangeClass> classes = classes(w, path);
      for (String required : new String[] {"cron", "duration"}) {
        if (w.get(required).isEmpty()) {
          fields.error(
              "window.incomplete",
              e.keyLocation(),
              path,
              "maintenance window '" + e.key() + "' has no " + required + " after inheritance",
              "set " + required + ": here or in the layer it inherits from");
        }
      }
      if (opens.isEmpty()
          || duration.isEmpty()
          || classes == null
          || (w.get("timezone").isPresent() && zone.isEmpty())) {
        continue;
      }
      ZoneId in = zone.orElse(fleetZone);
      Optional<ZonedDateTime> last = opens.get().lastFiring(in);
      if (last.isPresent() && !last.get().toInstant().plus(duration.get()).isAfter(now)) {
        // WHY an error, unlike a past schedule: changes it governs would wait for ever, silently.
        fields.error(
            "window.never-opens",
            w.get("cron").get().location(),
            path + ".cron",
            "maintenance window '"
                + e.key()
                + "' never opens again: its last opening, "
                + LAST.format(last.get())
                + " "
                + in.getId()
                + ", is over",
            "give it a date still to come, or remove it");
        continue;
      }
      out.add(
          new MaintenanceWindow(
              e.key(),
              opens.get(),
              duration.get(),
              in,
              classes,
              Fields.origins(e.keyLocation(), w)));
    }
    return out;
  }

  /** The classes a window governs: all of them unless it names some; null when one is unknown. */
  private Set<ChangeClass> classes(YamlMap w, String path) {
    if (!(w.get("classes").orElse(null) instanceof YamlList list)) {
      return EnumSet.allOf(ChangeClass.class);
    }
    Set<ChangeClass> out = EnumSet.noneOf(ChangeClass.class);
    boolean ok = true;
    int i = 0;
    for (YamlNode item : list.items()) {
      String at = path + ".classes[" + i++ + "]";
      if (!(item instanceof YamlScalar s)) {
        continue;
      }
      Optional<ChangeClass> c = Fields.choice(s.text(), ChangeClass.class);
      if (c.isEmpty()) {
        fields.error(
            "window.class",
            s.location(),
            at,
            "'" + s.text() + "' is not a change class",
            "use bugfix, minor, major, architecture or business");
        ok = false;
      } else {
        out.add(c.get());
      }
    }
    if (ok && out.isEmpty()) {
      fields.error(
          "window.class",
          list.location(),
          path + ".classes",
          "a maintenance window that governs no class holds nothing",
          "name the classes it governs, or remove classes: to govern all");
      ok = false;
    }
    return ok ? out : null;
  }

  private List<BusyCheck> checks(YamlMap all, String service) {
    List<BusyCheck> out = new ArrayList<>();
    String prefix = service == null ? "deferWhen." : "services." + service + ".deferWhen.";
    for (YamlMap.Entry e : all.entries().values()) {
      String path = prefix + e.key();
      if (!(e.value() instanceof YamlMap c)
          || !SettingsBinder.name(fields, e, path, Names::busyCheckName)) {
        continue;
      }
      Optional<String> command =
          fields.parse(
              c,
              "command",
              path + ".command",
              "busy-check.command",
              t -> OneLine.parse("a busy check's command", t, "put a longer check in a script"));
      Optional<Duration> timeout =
          fields.parse(
              c, "timeout", path + ".timeout", "busy-check.timeout", TimingBinder::timeout);
      Optional<BusyCheck.OnTimeout> onTimeout =
          fields.parse(
              c,
              "onTimeout",
              path + ".onTimeout",
              "busy-check.on-timeout",
              TimingBinder::onTimeout);
      if (c.get("command").isEmpty()) {
        fields.error(
            "busy-check.incomplete",
            e.keyLocation(),
            path,
            "busy check '" + e.key() + "' has no command after inheritance",
            "set command: (exit status 0 means busy)");
      }
      if (command.isEmpty()
          || (c.get("timeout").isPresent() && timeout.isEmpty())
          || (c.get("onTimeout").isPresent() && onTimeout.isEmpty())) {
        continue;
      }
      out.add(
          new BusyCheck(
              e.key(),
              command.get(),
              timeout.orElse(BusyCheck.DEFAULT_TIMEOUT),
              onTimeout.orElse(BusyCheck.OnTimeout.BUSY),
              Optional.ofNullable(service),
              Fields.origins(e.keyLocation(), c)));
    }
    return out;
  }

  private static Parsed<Duration> windowLength(String text) {
    return switch (DurationText.parse(text)) {
      case Parsed.Ok<Duration> ok when ok.value().toMinutes() < 1 ->
          Parsed.invalid(
              "a maintenance window lasts at least 1m, not " + text,
              "give it the time the changes it governs need, e.g. 2h");
      case Parsed<Duration> other -> other;
    };
  }

  private static Parsed<Duration> timeout(String text) {
    return switch (DurationText.parse(text)) {
      case Parsed.Ok<Duration> ok when ok.value().compareTo(BusyCheck.MAX_TIMEOUT) > 0 ->
          Parsed.invalid(
              "a busy check may run at most "
                  + DurationText.render(BusyCheck.MAX_TIMEOUT)
                  + ", not "
                  + text,
              "every check's time counts against the probe's own deadline: make the check faster");
      case Parsed.Ok<Duration> ok when ok.value().toSeconds() < 1 ->
          Parsed.invalid("a busy check's timeout is at least 1s", "use whole seconds");
      case Parsed<Duration> other -> other;
    };
  }

  private static Parsed<BusyCheck.OnTimeout> onTimeout(String text) {
    for (BusyCheck.OnTimeout t : BusyCheck.OnTimeout.values()) {
      if (t.yaml().equals(text)) {
        return Parsed.ok(t);
      }
    }
    return Parsed.invalid(
        "onTimeout is busy or not-busy, not '" + text + "'",
        "busy holds disruptive changes when the check hangs; not-busy lets them through");
  }
}
