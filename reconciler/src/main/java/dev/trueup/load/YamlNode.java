package dev.trueup.load;

import dev.trueup.diagnostic.SourceLocation;
import java.util.Optional;

/**
 * A parsed YAML value that remembers where it was written. The loader's output and the input of
 * validation and resolution: plain data, no behaviour beyond navigation.
 */
public sealed interface YamlNode permits YamlMap, YamlList, YamlScalar {

  SourceLocation location();

  /** A short name of the node's type for messages: "a map", "a list", "a string", ... */
  String kindName();

  /** The text of a string scalar; empty for anything else. */
  default Optional<String> asText() {
    return this instanceof YamlScalar s && s.kind() == ScalarKind.STRING
        ? Optional.of(s.text())
        : Optional.empty();
  }

  /** Follows an RFC 6901 JSON pointer ({@code /services/postgres/ports/0}). */
  default Optional<YamlNode> at(String pointer) {
    if (pointer.isEmpty()) {
      return Optional.of(this);
    }
    YamlNode node = this;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      Optional<YamlNode> next =
          switch (node) {
            case YamlMap map -> map.get(token);
            case YamlList list -> list.get(token);
            case YamlScalar scalar -> Optional.empty();
          };
      if (next.isEmpty()) {
        return Optional.empty();
      }
      node = next.get();
    }
    return Optional.of(node);
  }
}
