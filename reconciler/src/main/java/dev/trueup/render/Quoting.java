package dev.trueup.render;

/**
 * How a value is written inside a file of another language, so that it stays one value there: what
 * generated files and user templates ({@link TemplateFunctions}) both use. Pure.
 */
public final class Quoting {
  private Quoting() {}

  /**
   * A JSON string literal: {@code "}, {@code \} and control characters escaped. YAML 1.2 reads it
   * as the same double-quoted string, so it is the YAML quoting too.
   */
  public static String json(String text) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** One POSIX shell word: single-quoted, a {@code '} inside written as {@code '\''}. */
  public static String shell(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /**
   * An INI value in double quotes, as Python's and PHP's parsers and systemd read them: {@code \}
   * and {@code "} escaped, a line break as {@code \n} (it would end the value).
   */
  public static String ini(String text) {
    return "\""
        + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n")
        + "\"";
  }
}
