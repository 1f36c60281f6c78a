package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.Notifications;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns events into outbox messages, one per channel the fleet routes the level to. Pure.
 *
 * <ul>
 *   <li>critical: a message per event, at once; an unchanged failure is sent once per day (the
 *       de-duplication key holds the fleet-local date);
 *   <li>high: a message per event whose key holds the hour, so an unchanged fact is sent at most
 *       once an hour, due at the end of that hour: the deliverer then sends a channel's high
 *       messages of the hour as one batch;
 *   <li>medium and low: no message now; they wait for the daily digest and the weekly summary
 *       ({@link #digest}).
 * </ul>
 */
public final class Router {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private final String fleet;
  private final Notifications notifications;
  private final ZoneId zone;
  private final NotifyTemplates templates;

  public Router(String fleet, Notifications notifications, ZoneId zone, NotifyTemplates templates) {
    this.fleet = fleet;
    this.notifications = notifications;
    this.zone = zone;
    this.templates = templates;
  }

  /** The channels a level goes to (none when the fleet routes it nowhere). */
  public List<String> channels(AlertLevel level) {
    return notifications.routes().getOrDefault(level, List.of());
  }

  /** Messages for the critical and high events; medium and low give none here. */
  public List<Outgoing> route(List<Event> events, Instant now) {
    List<Outgoing> out = new ArrayList<>();
    for (Event e : events) {
      String window =
          switch (e.level()) {
            case CRITICAL -> "day:" + now.atZone(zone).toLocalDate();
            case HIGH -> "hour:" + now.truncatedTo(ChronoUnit.HOURS);
            case MEDIUM, LOW -> null;
          };
      if (window == null) {
        continue;
      }
      Payload p = alert(e, now);
      // High waits for the end of its hour, so a channel gets one message per hour, not one per
      // event: the deliverer sends what is due together as one batch.
      Optional<Instant> notBefore =
          e.level() == AlertLevel.HIGH
              ? Optional.of(now.atZone(zone).truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant())
              : Optional.empty();
      for (String channel : channels(e.level())) {
        out.add(
            new Outgoing(
                e.level(),
                channel,
                e.dedupKey() + "|" + window + "|" + channel,
                p.subject(),
                p.toJson(),
                notBefore));
      }
    }
    return out;
  }

  /**
   * The monthly report ({@link MonthlyReport}) for every e-mail channel the routes use: an overview
   * to read, not an alert, so it goes by mail only.
   *
   * @param month {@code 2026-11}
   */
  public List<Outgoing> monthly(String month, Map<String, Object> model) {
    String text = templates.render("monthly-report.txt.ftl", model);
    String subject = "[trueup] monthly report for " + fleet + ": " + model.get("month");
    ObjectNode data = Payload.JSON.createObjectNode();
    data.put("kind", "monthly-report");
    data.put("fleet", fleet);
    data.put("month", month);
    data.put("level", AlertLevel.LOW.yaml());
    Payload p = new Payload(subject, text, Optional.empty(), text, data);
    List<Outgoing> out = new ArrayList<>();
    for (String channel : mailChannels()) {
      out.add(
          new Outgoing(AlertLevel.LOW, channel, monthlyKey(month, channel), subject, p.toJson()));
    }
    return out;
  }

  /** The e-mail channels some route uses: where the monthly report goes. */
  public java.util.SortedSet<String> mailChannels() {
    java.util.SortedSet<String> mail = new java.util.TreeSet<>();
    notifications
        .routes()
        .values()
        .forEach(
            channels ->
                channels.stream()
                    .filter(c -> notifications.channels().containsKey(c))
                    .filter(c -> notifications.channels().get(c).type().equals("email"))
                    .forEach(mail::add));
    return mail;
  }

  /** The outbox key of a month's report for a channel: sent once. */
  public static String monthlyKey(String month, String channel) {
    return "monthly|" + month + "|" + channel;
  }

  /** The digest's messages, one per channel its level is routed to. */
  public List<Outgoing> digest(Digest d) {
    Payload p = render(d);
    List<Outgoing> out = new ArrayList<>();
    for (String channel : channels(d.kind().level())) {
      out.add(
          new Outgoing(
              d.kind().level(),
              channel,
              "digest|" + d.window().bucket() + "|" + channel,
              p.subject(),
              p.toJson()));
    }
    return out;
  }

  Payload alert(Event e, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fleet", fleet);
    m.put("level", e.level().yaml());
    m.put("kind", e.kind().label());
    m.put("node", e.node());
    m.put("subject", e.subject());
    m.put("details", e.details());
    m.put("at", STAMP.format(now.atZone(zone)) + " " + zone.getId());
    String text = templates.render("alert.txt.ftl", m);
    Map<String, Object> slack = new LinkedHashMap<>();
    slack.put("items", List.of(item(e)));
    String subject = "[trueup " + e.level().yaml() + "] " + e.subject();
    ObjectNode data = eventJson(e);
    data.put("fleet", fleet);
    data.put("at", now.toString());
    return new Payload(subject, text, Optional.empty(), templates.render("slack.ftl", slack), data);
  }

  Payload render(Digest d) {
    boolean daily = d.kind() == DigestScheduler.Kind.DAILY;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fleet", fleet);
    m.put("zone", zone.getId());
    m.put("from", STAMP.format(d.window().from().atZone(zone)));
    m.put("to", STAMP.format(d.window().due()));
    Map<String, Object> counts = new LinkedHashMap<>();
    d.counts().forEach((l, n) -> counts.put(l.yaml(), n));
    m.put("counts", counts);
    Map<String, List<Map<String, Object>>> byNode = new LinkedHashMap<>();
    for (Event e : d.listed()) {
      byNode.computeIfAbsent(e.node(), k -> new ArrayList<>()).add(item(e));
    }
    List<Map<String, Object>> nodes = new ArrayList<>();
    byNode.forEach((node, events) -> nodes.add(Map.of("node", node, "events", events)));
    m.put("nodes", nodes);
    String base = daily ? "daily-digest" : "weekly-summary";
    String text = templates.render(base + ".txt.ftl", m);
    String html = templates.render(base + ".html.ftlh", m);
    Map<String, Object> slack = new LinkedHashMap<>();
    slack.put(
        "title",
        "trueup "
            + d.kind().label()
            + " for "
            + fleet
            + ", "
            + m.get("from")
            + " – "
            + m.get("to"));
    slack.put("items", d.listed().stream().map(Router::item).toList());
    slack.put(
        "footer",
        d.counts().get(AlertLevel.CRITICAL)
            + " critical, "
            + d.counts().get(AlertLevel.HIGH)
            + " high, "
            + d.counts().get(AlertLevel.MEDIUM)
            + " medium, "
            + d.counts().get(AlertLevel.LOW)
            + " low");
    String subject =
        "[trueup] "
            + (daily ? "Daily digest " : "Weekly summary ")
            + fleet
            + " "
            + d.window().due().toLocalDate();
    ObjectNode data = Payload.JSON.createObjectNode();
    data.put("kind", daily ? "daily-digest" : "weekly-summary");
    data.put("fleet", fleet);
    data.put("from", d.window().from().toString());
    data.put("to", d.window().to().toString());
    ObjectNode c = data.putObject("counts");
    d.counts().forEach((l, n) -> c.put(l.yaml(), n));
    ArrayNode events = data.putArray("events");
    d.listed().forEach(e -> events.add(eventJson(e)));
    return new Payload(
        subject, text, Optional.of(html), templates.render("slack.ftl", slack), data);
  }

  private static Map<String, Object> item(Event e) {
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("level", e.level().yaml());
    i.put("kind", e.kind().label());
    i.put("node", e.node());
    i.put("subject", e.subject());
    i.put("details", e.details());
    return i;
  }

  private static ObjectNode eventJson(Event e) {
    ObjectNode o = Payload.JSON.createObjectNode();
    o.put("level", e.level().yaml());
    o.put("kind", e.kind().json());
    o.put("node", e.node());
    o.put("subject", e.subject());
    ArrayNode d = o.putArray("details");
    e.details().forEach(d::add);
    o.put("key", e.dedupKey());
    return o;
  }
}
