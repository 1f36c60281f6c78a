package dev.trueup.load;

import dev.trueup.diagnostic.SourceLocation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A YAML mapping with string keys, in the order they were written. */
public record YamlMap(SourceLocation location, Map<String, Entry> entries) implements YamlNode {

  /**
   * One key and its value; the key keeps its own location (duplicate-key and unknown-field errors
   * point at it).
   */
  public record Entry(String key, SourceLocation keyLocation, YamlNode value) {}

  public YamlMap {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public Optional<YamlNode> get(String key) {
    Entry e = entries.get(key);
    return e == null ? Optional.empty() : Optional.of(e.value());
  }

  public Optional<Entry> entry(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  public Optional<String> string(String key) {
    return get(key).flatMap(YamlNode::asText);
  }

  @Override
  public String kindName() {
    return "a map";
  }
}
