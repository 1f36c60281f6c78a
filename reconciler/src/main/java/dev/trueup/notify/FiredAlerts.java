package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Alertmanager's webhook body (version 4) as trueup events: each alert at the level its rule
 * carries ({@code level}, else {@code severity}), for the node its {@code node} label (or the
 * fleet's {@code alerting.nodeLabel}) names; resolved alerts close their entry at the same level.
 * The de-duplication key is the alert's fingerprint, its start and its status, so Alertmanager's
 * repeats of an unchanged alert are suppressed. An alert for a node the fleet does not have is kept
 * and routed at its level with the node named as unknown, never dropped. Pure.
 */
public final class FiredAlerts {
  private FiredAlerts() {}

  /** What one body came to: the events, and the alerts whose node trueup does not know. */
  public record Read(List<Event> events, List<String> unknownNodes) {}

  /**
   * @throws IllegalArgumentException when the body is not Alertmanager's shape
   */
  public static Read read(JsonNode body, Set<String> nodes, String nodeLabel) {
    JsonNode alerts = body.path("alerts");
    if (!body.isObject() || !alerts.isArray()) {
      throw new IllegalArgumentException("not an Alertmanager webhook body: no alerts list");
    }
    List<Event> events = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (JsonNode a : alerts) {
      Map<String, String> labels = strings(a.path("labels"));
      Map<String, String> annotations = strings(a.path("annotations"));
      String name = labels.getOrDefault("alertname", "alert");
      String node = labels.getOrDefault(nodeLabel, labels.getOrDefault("node", ""));
      boolean known = nodes.contains(node);
      if (!known) {
        unknown.add(node.isEmpty() ? "(no " + nodeLabel + " label)" : node);
      }
      AlertLevel level = level(labels);
      boolean resolved = "resolved".equals(a.path("status").asString(""));
      String summary = annotations.getOrDefault("summary", name);
      String who = known ? node : "unknown node " + (node.isEmpty() ? "(none)" : node);
      List<String> details = new ArrayList<>();
      details.add("alert " + name);
      if (!known) {
        details.add(
            "no node of the fleet is named "
                + (node.isEmpty() ? "by the alert" : "'" + node + "'")
                + ": check the scrape target's "
                + nodeLabel
                + " label");
      }
      Optional.ofNullable(annotations.get("description")).ifPresent(details::add);
      details.add("since " + a.path("startsAt").asString(""));
      if (resolved) {
        details.add("resolved at " + a.path("endsAt").asString(""));
      }
      Optional.ofNullable(annotations.get("source"))
          .ifPresent(s -> details.add("threshold from " + s));
      String fingerprint = a.path("fingerprint").asString(name + "/" + node);
      events.add(
          new Event(
              level,
              resolved ? Event.Kind.ALERT_RESOLVED : Event.Kind.ALERT_FIRING,
              known ? node : "*",
              (resolved ? "resolved: " : "") + who + ": " + summary,
              details,
              "alert:"
                  + fingerprint
                  + ":"
                  + a.path("startsAt").asString("")
                  + ":"
                  + (resolved ? "resolved" : "firing")));
    }
    return new Read(events, unknown);
  }

  /**
   * The rule's level; a label trueup does not know is taken as high, so it is seen within the hour.
   */
  private static AlertLevel level(Map<String, String> labels) {
    String text = labels.getOrDefault("level", labels.getOrDefault("severity", "high"));
    try {
      return AlertLevel.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return AlertLevel.HIGH;
    }
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    if (object.isObject()) {
      object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString("")));
    }
    return out;
  }
}
