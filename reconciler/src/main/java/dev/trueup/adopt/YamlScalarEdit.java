package dev.trueup.adopt;

import java.util.Optional;

/**
 * Replaces one scalar in YAML text in place, so that an adopted value changes one token of the file
 * a person wrote and nothing else. Only a scalar that fits on its line is replaced (plain, single-
 * or double-quoted, in block or flow style); a block scalar ({@code |}, {@code >}) or a quoted one
 * that spans lines is not, and the caller says so instead. Pure.
 */
public final class YamlScalarEdit {
  private YamlScalarEdit() {}

  /** The text with the scalar at {@code line}:{@code column} (1-based) replaced, if it can be. */
  public static Optional<String> replace(String text, int line, int column, String scalar) {
    int start = offset(text, line, column);
    if (start < 0 || start >= text.length()) {
      return Optional.empty();
    }
    int end = end(text, start);
    if (end < 0) {
      return Optional.empty();
    }
    return Optional.of(text.substring(0, start) + scalar + text.substring(end));
  }

  /** A string as a YAML double-quoted scalar (JSON's escapes, which YAML reads the same). */
  public static String quoted(String value) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static int offset(String text, int line, int column) {
    int at = 0;
    for (int l = 1; l < line; l++) {
      int next = text.indexOf('\n', at);
      if (next < 0) {
        return -1;
      }
      at = next + 1;
    }
    int lineEnd = text.indexOf('\n', at);
    int offset = at + column - 1;
    return lineEnd >= 0 && offset > lineEnd ? -1 : offset;
  }

  /** Where the scalar starting at {@code start} ends (exclusive), or -1 when it is not one line. */
  private static int end(String text, int start) {
    int lineEnd = text.indexOf('\n', start);
    if (lineEnd < 0) {
      lineEnd = text.length();
    }
    char first = text.charAt(start);
    if (first == '|' || first == '>') {
      return -1;
    }
    if (first == '"') {
      for (int i = start + 1; i < lineEnd; i++) {
        char c = text.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          return i + 1;
        }
      }
      return -1;
    }
    if (first == '\'') {
      for (int i = start + 1; i < lineEnd; i++) {
        if (text.charAt(i) == '\'') {
          if (i + 1 < lineEnd && text.charAt(i + 1) == '\'') {
            i++;
          } else {
            return i + 1;
          }
        }
      }
      return -1;
    }
    // A plain scalar ends at a comment, at the flow indicators after it, or at the line's end.
    int end = lineEnd;
    for (int i = start; i < lineEnd; i++) {
      char c = text.charAt(i);
      if ((c == ',' || c == '}' || c == ']') && flow(text, start)) {
        end = i;
        break;
      }
      if (c == '#' && i > start && Character.isWhitespace(text.charAt(i - 1))) {
        end = i;
        break;
      }
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return end > start ? end : -1;
  }

  /** Whether {@code at} is inside a flow collection opened earlier on its line. */
  private static boolean flow(String text, int at) {
    int lineStart = text.lastIndexOf('\n', at - 1) + 1;
    int depth = 0;
    for (int i = lineStart; i < at; i++) {
      char c = text.charAt(i);
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return depth > 0;
  }
}
