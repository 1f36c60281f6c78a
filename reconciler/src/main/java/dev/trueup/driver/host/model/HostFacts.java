package dev.trueup.driver.host.model;

import dev.trueup.live.Facts;
import dev.trueup.live.LivePart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the probe said about each fact of the operating system it was asked for ({@code package
 * nginx}, {@code user deploy}, ...): its lines, as the probe wrote them, read here by kind.
 */
public record HostFacts(SortedMap<String, List<String>> lines) implements LivePart {

  public HostFacts {
    SortedMap<String, List<String>> copy = new TreeMap<>();
    lines.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    lines = java.util.Collections.unmodifiableSortedMap(copy);
  }

  /** The lines of one fact; empty when the probe was not asked for it. */
  public Optional<List<String>> of(String family, String name) {
    return Optional.ofNullable(lines.get(family + " " + name));
  }

  /** The value after {@code word } in the first line that starts with it. */
  public static Optional<String> field(List<String> lines, String word) {
    for (String l : lines) {
      if (l.equals(word)) {
        return Optional.of("");
      }
      if (l.startsWith(word + " ")) {
        return Optional.of(l.substring(word.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** A base64 field decoded (the probe encodes what could hold any byte). */
  public static Optional<String> decoded(List<String> lines, String word) {
    return field(lines, word)
        .map(
            b -> {
              try {
                return new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8);
              } catch (IllegalArgumentException e) {
                return "";
              }
            });
  }

  @Override
  public List<String> facts() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : lines.entrySet()) {
      out.add(
          "fact "
              + Facts.quote(e.getKey())
              + " "
              + e.getValue().stream().map(Facts::quote).toList());
    }
    return out;
  }
}
