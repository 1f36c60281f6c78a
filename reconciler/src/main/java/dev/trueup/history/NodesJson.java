package dev.trueup.history;

import dev.trueup.store.AppliedRevision;
import dev.trueup.store.NodeContact;
import dev.trueup.store.Store;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each node as the store knows it: when a run last reached it and last missed it, and the revision
 * last applied to it in full ("last converged"). Format {@code trueup-nodes/1}: what `trueup
 * history nodes -o json` prints and `GET /api/v1/nodes` answers; the text is rendered from it.
 */
public final class NodesJson {
  public static final String FORMAT = "trueup-nodes/1";

  private NodesJson() {}

  public static ObjectNode of(Store store) {
    Map<String, Optional<NodeContact>> contacts = new TreeMap<>();
    Map<String, AppliedRevision> applied = new TreeMap<>();
    store.nodeContacts().all().forEach(c -> contacts.put(c.node(), Optional.of(c)));
    store.appliedRevisions().all().forEach(a -> applied.put(a.node(), a));
    applied.keySet().forEach(n -> contacts.putIfAbsent(n, Optional.empty()));
    ObjectNode root = HistoryJson.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode nodes = root.putArray("nodes");
    contacts.forEach(
        (name, contact) -> {
          ObjectNode n = nodes.addObject();
          n.put("node", name);
          time(n, "lastSeen", contact.flatMap(NodeContact::lastSeen));
          time(n, "lastMissed", contact.flatMap(NodeContact::lastMissed));
          n.put("missedReason", contact.flatMap(NodeContact::missedReason).orElse(null));
          n.put("away", contact.map(NodeContact::away).orElse(false));
          AppliedRevision a = applied.get(name);
          n.put("convergedRevision", a == null ? null : a.desiredRevision());
          time(n, "lastConverged", Optional.ofNullable(a).map(AppliedRevision::appliedAt));
        });
    return root;
  }

  private static void time(ObjectNode n, String field, Optional<Instant> at) {
    n.put(field, at.map(Instant::toString).orElse(null));
  }
}
