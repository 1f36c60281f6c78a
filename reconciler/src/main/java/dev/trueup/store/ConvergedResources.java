package dev.trueup.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each node's resources were when a run last left them: by resource ({@code kind:id}), the
 * fingerprint of the desired resource the node carried, because the run wrote it or found it so.
 */
public final class ConvergedResources {
  private final Db db;

  ConvergedResources(Db db) {
    this.db = db;
  }

  /**
   * Records in one transaction what run {@code runId} left on {@code node}.
   *
   * @param carried by {@code kind:id}, the fingerprint the node now carries
   * @param removed {@code kind:id} of resources the run deleted from the node
   */
  public void record(long runId, String node, Map<String, String> carried, Set<String> removed) {
    // Most applies leave most resources as the last one did: write only what moved, so a fleet
    // in sync costs one read per node, not a write per resource.
    Map<String, String> known = forNode(node);
    Map<String, String> moved = new HashMap<>();
    carried.forEach(
        (k, fingerprint) -> {
          if (!fingerprint.equals(known.get(k))) {
            moved.put(k, fingerprint);
          }
        });
    Set<String> gone = new java.util.HashSet<>(removed);
    gone.retainAll(known.keySet());
    if (moved.isEmpty() && gone.isEmpty()) {
      return;
    }
    var at = db.now();
    String upsert =
        db.dialect()
            .upsert(
                "converged_resources",
                List.of("node", "kind", "resource_id"),
                List.of("node", "kind", "resource_id", "fingerprint", "run_id", "recorded_at"));
    db.tx(
        c -> {
          for (String r : gone) {
            String[] kindId = split(r);
            Db.update(
                c,
                "DELETE FROM converged_resources WHERE node = ? AND kind = ? AND resource_id = ?",
                node,
                kindId[0],
                kindId[1]);
          }
          for (Map.Entry<String, String> e : moved.entrySet()) {
            String[] kindId = split(e.getKey());
            Db.update(c, upsert, node, kindId[0], kindId[1], e.getValue(), runId, at);
          }
          return null;
        });
  }

  /** The node's resources as last left, by {@code kind:id}: their fingerprints. */
  public Map<String, String> forNode(String node) {
    Map<String, String> out = new HashMap<>();
    db.query(
            "SELECT kind, resource_id, fingerprint FROM converged_resources WHERE node = ?",
            rs ->
                Map.entry(
                    rs.getString("kind") + ":" + rs.getString("resource_id"),
                    rs.getString("fingerprint")),
            node)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static String[] split(String kindId) {
    int colon = kindId.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not kind:id: " + kindId);
    }
    return new String[] {kindId.substring(0, colon), kindId.substring(colon + 1)};
  }
}
