package dev.trueup.history;

import dev.trueup.store.OutboxMessage;
import dev.trueup.store.Store;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What trueup told people, newest first: {@code GET /api/v1/notifications} and the dashboard's
 * activity. A message's body is left out (its subject says what it is about; the body can be long
 * and a channel's own archive keeps it).
 */
public final class NotificationsJson {
  public static final String FORMAT = "trueup-notifications/1";

  private NotificationsJson() {}

  public static ObjectNode recent(Store store, int limit) {
    ObjectNode root = HistoryJson.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode a = root.putArray("notifications");
    for (OutboxMessage m : store.outbox().recent(limit)) {
      ObjectNode o = a.addObject();
      o.put("id", m.id());
      o.put("level", m.level().yaml());
      o.put("channel", m.channel());
      o.put("subject", m.subject());
      o.put("status", m.status().name().toLowerCase(Locale.ROOT));
      o.put("attempts", m.attempts());
      o.put("createdAt", m.createdAt().toString());
      o.put("sentAt", m.sentAt().map(Object::toString).orElse(null));
      o.put("lastError", m.lastError().orElse(null));
    }
    return root;
  }
}
