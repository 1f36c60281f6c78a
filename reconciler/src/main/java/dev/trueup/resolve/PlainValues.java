package dev.trueup.resolve;

import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.load.YamlScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Located YAML to plain Java values (maps, lists, strings, numbers), for template variables. */
final class PlainValues {
  private PlainValues() {}

  static Map<String, Object> of(YamlMap map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.entries().values().forEach(e -> out.put(e.key(), value(e.value())));
    return out;
  }

  static Object value(YamlNode node) {
    return switch (node) {
      case YamlMap m -> of(m);
      case YamlList l -> {
        List<Object> out = new ArrayList<>();
        l.items().forEach(i -> out.add(value(i)));
        yield out;
      }
      case YamlScalar s -> s.value() == null ? "" : s.value();
    };
  }
}
