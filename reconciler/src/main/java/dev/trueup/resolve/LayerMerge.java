package dev.trueup.resolve;

import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deep-merges located maps: maps merge key by key, anything else (lists, scalars) is replaced by
 * the overlay. Every value keeps the location of the layer it came from.
 */
public final class LayerMerge {
  private LayerMerge() {}

  public static YamlMap merge(YamlMap base, YamlMap overlay) {
    Map<String, YamlMap.Entry> out = new LinkedHashMap<>(base.entries());
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
