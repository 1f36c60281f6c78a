package dev.trueup.render;

import dev.trueup.model.value.ControlCharacters;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last check before a built-in template writes a line-oriented file (a unit file, a cron file):
 * every value it places stands within one line. Validation already refuses line breaks and controls
 * in those fields; this is the second lock, so a value that reached the renderer another way (a new
 * field, a model built in code) is refused rather than written as a directive of its own. A tab is
 * whitespace there and passes.
 */
final class LineBreakout {
  private LineBreakout() {}

  /** Why {@code model} cannot be written, naming the field and the character, or empty. */
  static Optional<String> find(Map<String, Object> model) {
    for (Map.Entry<String, Object> e : model.entrySet()) {
      Optional<String> found = find(e.getKey(), e.getValue());
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> find(String field, Object value) {
    if (value == null) {
      return Optional.empty();
    }
    switch (value) {
      case String s -> {
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (c != '\t' && ControlCharacters.isControl(c)) {
            return Optional.of(
                field
                    + " contains a "
                    + (ControlCharacters.isLineBreak(c) ? "line break" : "control character")
                    + " ("
                    + ControlCharacters.describe(c)
                    + ") and would not stay on its line");
          }
        }
        return Optional.empty();
      }
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) {
          Optional<String> found = find(field + "[" + i + "]", list.get(i));
          if (found.isPresent()) {
            return found;
          }
        }
        return Optional.empty();
      }
      case Map<?, ?> map -> {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          Optional<String> found = find(field + "." + e.getKey(), e.getValue());
          if (found.isPresent()) {
            return found;
          }
        }
        return Optional.empty();
      }
      default -> {
        return Optional.empty();
      }
    }
  }
}
