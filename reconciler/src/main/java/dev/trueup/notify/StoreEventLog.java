package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import dev.trueup.store.NotificationEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event log in the state store, so that every replica builds its digests from every event. Each
 * append drops entries older than {@link #RETAIN}: the weekly window is the longest one read.
 */
public final class StoreEventLog implements EventLog {
  public static final Duration RETAIN = Duration.ofDays(15);

  private final NotificationEvents rows;

  public StoreEventLog(NotificationEvents rows) {
    this.rows = rows;
  }

  @Override
  public void append(Instant at, List<Event> events) {
    List<String> json = new ArrayList<>();
    for (Event e : events) {
      json.add(json(e));
    }
    rows.append(at, json);
    rows.prune(at.minus(RETAIN));
  }

  @Override
  public List<LoggedEvent> between(Instant from, Instant to) {
    List<LoggedEvent> out = new ArrayList<>();
    for (NotificationEvents.Row row : rows.between(from, to)) {
      out.add(new LoggedEvent(row.at(), event(row.json())));
    }
    return out;
  }

  static String json(Event e) {
    ObjectNode o = Payload.JSON.createObjectNode();
    o.put("level", e.level().name());
    o.put("kind", e.kind().name());
    o.put("node", e.node());
    o.put("subject", e.subject());
    var d = o.putArray("details");
    e.details().forEach(d::add);
    o.put("key", e.dedupKey());
    return Payload.JSON.writeValueAsString(o);
  }

  static Event event(String json) {
    JsonNode o = Payload.JSON.readTree(json);
    List<String> details = new ArrayList<>();
    o.path("details").forEach(d -> details.add(d.asString()));
    return new Event(
        AlertLevel.valueOf(o.path("level").asString()),
        Event.Kind.valueOf(o.path("kind").asString()),
        o.path("node").asString(),
        o.path("subject").asString(),
        details,
        o.path("key").asString());
  }
}
