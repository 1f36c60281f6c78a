package dev.trueup.model;

import java.util.List;
import java.util.Map;

/** Channels and which alert levels go to which of them. */
public record Notifications(
    Map<String, Channel> channels,
    Map<AlertLevel, List<String>> routes,
    String dailyDigest,
    String weeklySummary) {

  public Notifications {
    channels = Map.copyOf(channels);
    routes = Map.copyOf(routes);
  }

  public static Notifications none() {
    return new Notifications(Map.of(), Map.of(), "07:00", "monday 09:00");
  }
}
