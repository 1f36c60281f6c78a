package dev.trueup.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which Prometheus alerts are firing now, as the event log tells it: each alert that fired and has
 * not been resolved since (its resolution carries the same fingerprint and start). Pure.
 */
public final class FiringAlerts {
  private FiringAlerts() {}

  /** The firing alerts by node, oldest first; {@code *} holds those of unknown nodes. */
  public static Map<String, List<LoggedEvent>> of(List<LoggedEvent> log) {
    Set<String> resolved =
        log.stream()
            .filter(e -> e.event().kind() == Event.Kind.ALERT_RESOLVED)
            .map(e -> base(e.event().dedupKey()))
            .collect(Collectors.toSet());
    Map<String, LoggedEvent> firing = new LinkedHashMap<>();
    for (LoggedEvent e : log) {
      if (e.event().kind() == Event.Kind.ALERT_FIRING
          && !resolved.contains(base(e.event().dedupKey()))) {
        firing.putIfAbsent(base(e.event().dedupKey()), e);
      }
    }
    Map<String, List<LoggedEvent>> byNode = new TreeMap<>();
    firing
        .values()
        .forEach(e -> byNode.computeIfAbsent(e.event().node(), k -> new ArrayList<>()).add(e));
    return byNode;
  }

  /** {@code alert:<fingerprint>:<start>}, without its status. */
  private static String base(String key) {
    int last = key.lastIndexOf(':');
    return last < 0 ? key : key.substring(0, last);
  }
}
