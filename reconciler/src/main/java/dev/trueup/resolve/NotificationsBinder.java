package dev.trueup.resolve;

import dev.trueup.diagnostic.DidYouMean;
import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import dev.trueup.model.AlertLevel;
import dev.trueup.model.Channel;
import dev.trueup.model.Notifications;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fleet's {@code notifications:} block bound into the model, each problem at its field. */
final class NotificationsBinder {
  private NotificationsBinder() {}

  static Notifications bind(YamlMap n, Fields fields) {
    Map<String, Channel> channels = new LinkedHashMap<>();
    YamlMap all = LayerMerge.child(n, "channels");
    for (YamlMap.Entry e : all.entries().values()) {
      if (e.value() instanceof YamlMap c) {
        Map<String, Object> settings = new LinkedHashMap<>(PlainValues.of(c));
        settings.remove("type");
        channels.put(
            e.key(),
            new Channel(
                e.key(),
                fields.text(c, "type", "webhook"),
                settings,
                Fields.origins(e.keyLocation(), c)));
      }
    }
    Map<AlertLevel, List<String>> routes = new LinkedHashMap<>();
    YamlMap routing = LayerMerge.child(n, "routes");
    for (AlertLevel level : AlertLevel.values()) {
      List<String> targets = new ArrayList<>();
      if (routing.get(level.yaml()).orElse(null) instanceof YamlList list) {
        int i = 0;
        for (YamlNode item : list.items()) {
          String path = "notifications.routes." + level.yaml() + "[" + i++ + "]";
          if (item instanceof YamlScalar s) {
            if (!channels.containsKey(s.text())) {
              fields.error(
                  "ref.channel",
                  s.location(),
                  path,
                  "channel '" + s.text() + "' is not declared under notifications.channels",
                  DidYouMean.closest(s.text(), channels.keySet())
                      .map(x -> "did you mean '" + x + "'?")
                      .orElse(null));
            } else {
              targets.add(s.text());
            }
          }
        }
      }
      routes.put(level, targets);
    }
    YamlMap digest = LayerMerge.child(n, "digest");
    return new Notifications(
        channels,
        routes,
        fields.text(digest, "daily", "07:00"),
        fields.text(digest, "weekly", "monday 09:00"));
  }
}
