package dev.trueup.load;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A map whose end event has not come yet: keys checked as they come, merges applied at the end. */
final class OpenMap extends OpenCollection {
  /** What a map's next child is. */
  private enum Expect {
    KEY,
    VALUE,
    MERGE,
    IGNORED_VALUE
  }

  private final EventComposer composer;
  private final Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
  private final List<YamlMap> merges = new ArrayList<>();
  private Expect expect = Expect.KEY;
  private String key;
  private SourceLocation keyAt;

  OpenMap(
      EventComposer composer,
      SourceLocation at,
      Optional<String> anchor,
      OpenAnchor slot,
      boolean refused) {
    super(at, anchor, slot, refused);
    this.composer = composer;
  }

  boolean expectsKey() {
    return expect == Expect.KEY;
  }

  /** A plain {@code <<} key: its value's maps are merged in under the keys written here. */
  void mergeKey() {
    expect = Expect.MERGE;
  }

  @Override
  void appendChildSegment(StringBuilder path) {
    String segment =
        switch (expect) {
          case KEY -> "";
          case VALUE -> key;
          case MERGE, IGNORED_VALUE -> key == null ? "<<" : key;
        };
    if (!segment.isEmpty()) {
      path.append(path.isEmpty() ? "" : ".").append(segment);
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  @Override
  void add(YamlNode node, int childHeight, long childSize) {
    switch (expect) {
      case KEY -> key(node, childHeight);
      case VALUE -> {
        grow(childHeight, childSize);
        entries.put(key, new YamlMap.Entry(key, keyAt, node));
        expect = Expect.KEY;
      }
      case MERGE -> {
        grow(childHeight, childSize);
        merge(node);
        key = null;
        expect = Expect.KEY;
      }
      case IGNORED_VALUE -> expect = Expect.KEY;
    }
  }

  private void key(YamlNode node, int childHeight) {
    height = Math.max(height, childHeight + 1);
    if (!(node instanceof YamlScalar scalar)) {
      composer.problems.add(
          Diagnostic.error(
              "yaml.key",
              node.location(),
              composer.path(),
              "a key must be a plain value, not a map or list"));
      key = null;
      expect = Expect.IGNORED_VALUE;
      return;
    }
    key = scalar.text();
    keyAt = scalar.location();
    YamlMap.Entry first = entries.get(key);
    if (first == null) {
      expect = Expect.VALUE;
      return;
    }
    composer.problems.add(
        Diagnostic.error(
                "yaml.duplicate-key",
                keyAt,
                join(composer.path(), key),
                "duplicate key '"
                    + key
                    + "' (first defined at line "
                    + first.keyLocation().line()
                    + ")")
            .withHint("remove one of them; YAML would silently keep only one")
            .withRelated(first.keyLocation()));
    expect = Expect.IGNORED_VALUE;
  }

  private void merge(YamlNode value) {
    if (value instanceof YamlMap map) {
      merges.add(map);
      return;
    }
    if (value instanceof YamlList list
        && list.items().stream().allMatch(item -> item instanceof YamlMap)) {
      list.items().forEach(item -> merges.add((YamlMap) item));
      return;
    }
    if (!composer.placeholders.contains(value)) {
      composer.problems.add(
          Diagnostic.error(
                  "yaml.merge",
                  value.location(),
                  composer.path(),
                  "a merge key ('<<') takes a map or a list of maps, not " + value.kindName())
              .withHint("write <<: *anchor, where the anchor names a map"));
    }
  }

  /** Keys written here first, then merged ones in order; the first definition of a key wins. */
  @Override
  YamlNode build() {
    Map<String, YamlMap.Entry> all = new LinkedHashMap<>(entries);
    for (YamlMap source : merges) {
      source.entries().forEach(all::putIfAbsent);
    }
    return new YamlMap(at, all);
  }
}
