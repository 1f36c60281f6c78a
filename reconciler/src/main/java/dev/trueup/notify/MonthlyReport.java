package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.model.value.DurationText;
import dev.trueup.store.MonthlyActivity;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seed 000's strategic overview, sent on the 1st of the month for the month before: availability
 * per environment as the drift checks found the nodes, changes applied by class, approvals and how
 * long they waited, drift found and put back, alerts fired. Pure: the month's activity and events
 * come in; {@link #model} is what the template reads.
 */
public final class MonthlyReport {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private MonthlyReport() {}

  /** The month's start and end (exclusive) in the fleet's zone. */
  public static ZonedDateTime start(YearMonth month, ZoneId zone) {
    return month.atDay(1).atStartOfDay(zone);
  }

  public static Map<String, Object> model(
      String fleet,
      ZoneId zone,
      YearMonth month,
      DesiredState state,
      MonthlyActivity.Activity activity,
      List<LoggedEvent> events) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fleet", fleet);
    m.put(
        "month",
        month.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
            + " "
            + month.getYear());
    m.put("zone", zone.getId());
    m.put("from", DAY.format(start(month, zone)));
    m.put("to", DAY.format(start(month.plusMonths(1), zone)));
    m.put("environments", environments(state, activity));
    int total = activity.appliedByClass().values().stream().mapToInt(Integer::intValue).sum();
    List<Map<String, Object>> byClass = new ArrayList<>();
    for (ChangeClass c : ChangeClass.values()) {
      Integer n = activity.appliedByClass().get(c.yaml());
      if (n != null && n > 0) {
        byClass.add(Map.of("name", c.yaml(), "count", n));
      }
    }
    m.put("applied", Map.of("total", total, "byClass", byClass));
    m.put(
        "drift",
        Map.of(
            "checks", activity.driftChecks(),
            "changes", activity.driftChanges(),
            "nodes", activity.nodesDrifted(),
            "reverted", activity.reverted()));
    m.put("approvals", approvals(activity.approvals()));
    m.put("alerts", alerts(events));
    return m;
  }

  private static List<Map<String, Object>> environments(
      DesiredState state, MonthlyActivity.Activity activity) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String env : state.environments()) {
      List<Node> nodes =
          state.nodes().values().stream().filter(n -> n.environment().equals(env)).toList();
      MonthlyActivity.Reach reach = activity.reach(nodes.stream().map(Node::name).toList());
      List<String> away = new ArrayList<>();
      for (Node n : nodes) {
        int u = activity.unreachable().getOrDefault(n.name(), 0);
        if (u > 0) {
          away.add(n.name() + " " + u + "x");
        }
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", env);
      e.put("checks", reach.checks());
      e.put("percent", reach.percent().map(p -> String.format(Locale.ROOT, "%.2f", p)).orElse("-"));
      e.put("away", String.join(", ", away));
      out.add(e);
    }
    return out;
  }

  private static Map<String, Object> approvals(List<MonthlyActivity.ApprovalWait> approvals) {
    Map<String, Integer> by = new TreeMap<>();
    List<Duration> waits = new ArrayList<>();
    for (MonthlyActivity.ApprovalWait a : approvals) {
      by.merge(a.status(), 1, Integer::sum);
      a.waited().ifPresent(waits::add);
    }
    waits.sort(Comparator.naturalOrder());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requested", approvals.size());
    m.put("approved", by.getOrDefault("APPROVED", 0));
    m.put("rejected", by.getOrDefault("REJECTED", 0));
    m.put("expired", by.getOrDefault("EXPIRED", 0));
    m.put("pending", by.getOrDefault("PENDING", 0));
    m.put("decided", waits.size());
    m.put("median", waits.isEmpty() ? "-" : waited(waits.get(waits.size() / 2)));
    m.put("longest", waits.isEmpty() ? "-" : waited(waits.getLast()));
    return m;
  }

  /** A wait in whole minutes at least: seconds say nothing in a monthly overview. */
  private static String waited(Duration d) {
    Duration minutes =
        d.toMinutes() < 1 ? Duration.ofMinutes(1) : Duration.ofMinutes(d.toMinutes());
    return DurationText.render(minutes);
  }

  private static Map<String, Object> alerts(List<LoggedEvent> events) {
    Map<AlertLevel, Integer> byLevel = new TreeMap<>(Comparator.reverseOrder());
    Map<String, Integer> bySubject = new LinkedHashMap<>();
    for (LoggedEvent le : events) {
      Event e = le.event();
      if (e.kind() == Event.Kind.ALERT_FIRING) {
        byLevel.merge(e.level(), 1, Integer::sum);
        bySubject.merge(e.subject(), 1, Integer::sum);
      }
    }
    List<Map<String, Object>> levels = new ArrayList<>();
    byLevel.forEach((l, n) -> levels.add(Map.of("name", l.yaml(), "count", n)));
    List<Map<String, Object>> top = new ArrayList<>();
    bySubject.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(5)
        .forEach(e -> top.add(Map.of("subject", e.getKey(), "count", e.getValue())));
    int total = byLevel.values().stream().mapToInt(Integer::intValue).sum();
    return Map.of("total", total, "byLevel", levels, "top", top);
  }
}
