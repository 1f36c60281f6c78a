package dev.trueup.resolve;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.load.YamlMap;
import dev.trueup.model.AlertDirection;
import dev.trueup.model.AlertLevel;
import dev.trueup.model.AlertRule;
import dev.trueup.model.KnownMetric;
import dev.trueup.model.value.DurationText;
import dev.trueup.model.value.Names;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** A node's {@code alerts:} bound into the model: metrics, thresholds in level order, channels. */
final class AlertsBinder {
  private final Fields fields;

  private final String nodeLabel;

  AlertsBinder(Fields fields, String nodeLabel) {
    this.fields = fields;
    this.nodeLabel = nodeLabel;
  }

  SortedMap<String, AlertRule> alerts(YamlMap all) {
    SortedMap<String, AlertRule> out = new TreeMap<>();
    for (YamlMap.Entry e : all.entries().values()) {
      String path = "alerts." + e.key();
      if (!(e.value() instanceof YamlMap a)
          || !SettingsBinder.name(fields, e, path, Names::metricName)) {
        continue;
      }
      Optional<KnownMetric> known = KnownMetric.of(e.key());
      Optional<String> expr = fields.text(a, "expr");
      Optional<String> dir = fields.text(a, "direction");
      if (known.isEmpty() && (expr.isEmpty() || dir.isEmpty())) {
        fields.error(
            "alert.unknown-metric",
            e.keyLocation(),
            path,
            "'" + e.key() + "' is not a known metric",
            "known metrics: cpu_percent, memory_percent, disk_percent, load_average,"
                + " ssl_expiry_days; any other needs expr: and direction:");
        continue;
      }
      Optional<AlertDirection> chosen = dir.flatMap(d -> Fields.choice(d, AlertDirection.class));
      if (chosen.isEmpty() && known.isEmpty()) {
        continue;
      }
      AlertDirection direction = chosen.orElseGet(() -> known.get().direction());
      Map<AlertLevel, Double> levels = new EnumMap<>(AlertLevel.class);
      Map<AlertLevel, SourceLocation> where = new EnumMap<>(AlertLevel.class);
      boolean ok = true;
      boolean anyWritten = false;
      for (AlertLevel level : AlertLevel.values()) {
        anyWritten |= a.get(level.yaml()).isPresent();
        Optional<Double> v = fields.number(a, level.yaml(), path + "." + level.yaml());
        if (v.isEmpty()) {
          ok &= a.get(level.yaml()).isEmpty();
          continue;
        }
        SourceLocation at = a.get(level.yaml()).get().location();
        if (known.isPresent() && (v.get() < known.get().min() || v.get() > known.get().max())) {
          fields.error(
              "alert.range",
              at,
              path + "." + level.yaml(),
              level.yaml()
                  + " threshold "
                  + SettingsBinder.plain(v.get())
                  + " is out of range "
                  + SettingsBinder.plain(known.get().min())
                  + "-"
                  + SettingsBinder.plain(known.get().max())
                  + " for "
                  + e.key());
          ok = false;
          continue;
        }
        levels.put(level, v.get());
        where.put(level, at);
      }
      if (levels.isEmpty() && !anyWritten) {
        fields.error(
            "alert.no-levels",
            e.keyLocation(),
            path,
            "alert '" + e.key() + "' sets no level",
            "set at least one of low, medium, high, critical");
        continue;
      }
      if (levels.isEmpty()) {
        continue;
      }
      ok &= ordered(levels, where, direction, path);
      Optional<Duration> forDuration =
          fields.parse(a, "for", path + ".for", "value.duration", DurationText::parse);
      if (!ok || (a.get("for").isPresent() && forDuration.isEmpty())) {
        continue;
      }
      out.put(
          e.key(),
          new AlertRule(
              e.key(),
              new TreeMap<>(levels),
              direction,
              forDuration,
              expr,
              Fields.origins(e.keyLocation(), a),
              nodeLabel));
    }
    return out;
  }

  private boolean ordered(
      Map<AlertLevel, Double> levels,
      Map<AlertLevel, SourceLocation> where,
      AlertDirection direction,
      String path) {
    AlertLevel previous = null;
    for (AlertLevel level : AlertLevel.values()) {
      if (!levels.containsKey(level)) {
        continue;
      }
      if (previous != null && !direction.isMoreSevere(levels.get(level), levels.get(previous))) {
        String relation = direction == AlertDirection.ABOVE ? "above" : "below";
        fields.error(
            "alert.order",
            where.get(level),
            path + "." + level.yaml(),
            level.yaml()
                + " ("
                + SettingsBinder.plain(levels.get(level))
                + ") must be "
                + relation
                + " "
                + previous.yaml()
                + " ("
                + SettingsBinder.plain(levels.get(previous))
                + ")",
            direction == AlertDirection.ABOVE
                ? "this metric alerts when it rises: more severe levels need higher values"
                : "this metric alerts when it falls: more severe levels need lower values");
        return false;
      }
      previous = level;
    }
    return true;
  }
}
