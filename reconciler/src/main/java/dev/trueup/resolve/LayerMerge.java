package dev.trueup.resolve;

import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deep-merges located maps: maps merge key by key, anything else (lists, scalars) is replaced by
 * the overlay. Every value keeps the location of the layer it came from.
 */
public final class LayerMerge {
  private LayerMerge() {}

  /**
   * Keys that exclude each other: a layer that sets one of them replaces whichever the layer below
   * set (a node's {@code source:} overrides a default's {@code template:}; a probe replaces a
   * probe).
   */
  private static final List<Set<String>> EXCLUSIVE =
      List.of(Set.of("template", "source", "content"), Set.of("http", "tcp", "command"));

  public static YamlMap merge(YamlMap base, YamlMap overlay) {
    Map<String, YamlMap.Entry> out = new LinkedHashMap<>(base.entries());
    for (Set<String> group : EXCLUSIVE) {
      if (group.stream().anyMatch(k -> overlay.entries().containsKey(k))) {
        group.forEach(out::remove);
      }
    }
    for (YamlMap.Entry e : overlay.entries().values()) {
      YamlMap.Entry previous = out.get(e.key());
      if (previous != null
          && previous.value() instanceof YamlMap baseMap
          && e.value() instanceof YamlMap overlayMap) {
        out.put(e.key(), new YamlMap.Entry(e.key(), e.keyLocation(), merge(baseMap, overlayMap)));
      } else {
        out.put(e.key(), e);
      }
    }
    return new YamlMap(overlay.location(), out);
  }

  /** The map under {@code key}, or an empty map located at {@code owner} when absent. */
  public static YamlMap child(YamlMap owner, String key) {
    YamlNode n = owner.get(key).orElse(null);
    return n instanceof YamlMap m ? m : new YamlMap(owner.location(), Map.of());
  }
}
