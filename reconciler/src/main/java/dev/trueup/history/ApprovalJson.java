package dev.trueup.history;

import dev.trueup.store.Approval;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of an approval: {@code GET /api/v1/approvals}, {@code trueup approvals -o json}
 * and the dashboard's approvals page.
 */
public final class ApprovalJson {
  private ApprovalJson() {}

  public static ArrayNode array(List<Approval> approvals) {
    ArrayNode a = HistoryJson.MAPPER.createArrayNode();
    approvals.forEach(x -> a.add(of(x)));
    return a;
  }

  /**
   * The approvals with what each holds ({@code "held"}: the change and its blast radius, {@link
   * HeldChanges}; null when its plan is no longer stored).
   */
  public static ArrayNode detailed(dev.trueup.store.Store store, List<Approval> approvals) {
    java.util.Map<String, ObjectNode> held = HeldChanges.of(store, approvals);
    ArrayNode a = HistoryJson.MAPPER.createArrayNode();
    for (Approval x : approvals) {
      a.add(of(x).set("held", held.get(x.id())));
    }
    return a;
  }

  public static ObjectNode of(Approval a) {
    ObjectNode o = HistoryJson.MAPPER.createObjectNode();
    o.put("id", a.id());
    o.put("node", a.node());
    o.put("resource", a.resource());
    o.put("changeKey", a.changeKey());
    o.put("desiredRevision", a.desiredRevision());
    o.put("class", a.changeClass().name().toLowerCase(Locale.ROOT));
    o.put("reason", a.reason().orElse(null));
    o.put("status", a.status().name().toLowerCase(Locale.ROOT));
    o.put("requestedAt", a.requestedAt().toString());
    o.put("decidedBy", a.decidedBy().orElse(null));
    o.put("decidedAt", a.decidedAt().map(Object::toString).orElse(null));
    o.put("note", a.note().orElse(null));
    return o;
  }
}
