package dev.trueup.report;

import dev.trueup.model.value.ControlCharacters;

/**
 * Text from outside (desired state, live state, API input, node output, the store) made safe to
 * print on a terminal. C0 controls, DEL, C1 controls and the bidirectional controls are shown as
 * visible escapes (ESC as {@code \e}, CR as {@code \r}, BEL as {@code \x07}, a C1 or bidirectional
 * control as a backslash, {@code u} and its four hex digits), so a value can neither move the
 * cursor, recolour or clear the screen, overwrite what came before it on its line, nor reorder what
 * follows it. A backslash is left as it is: the output is for people, not to be parsed back. JSON
 * needs none of this (its encoder escapes controls); every text renderer passes each outside value
 * through here.
 */
public final class TerminalText {
  private TerminalText() {}

  /** For a one-line place: a newline is escaped too. */
  public static String line(String text) {
    return escape(text, false);
  }

  /**
   * For content legitimately shown over several lines: newlines are kept, every other control
   * inside each line is escaped (a CR at the end of a CRLF line shows as {@code \r}).
   */
  public static String lines(String text) {
    return escape(text, true);
  }

  /** Whether {@code c} is shown as an escape rather than as itself. */
  public static boolean isUnsafe(int c) {
    return ControlCharacters.isControl(c) || ControlCharacters.isBidi(c);
  }

  /** How {@code c} is shown, e.g. {@code \e} for ESC, {@code \x07} for BEL. */
  public static String escapeOf(int c) {
    return switch (c) {
      case '\t' -> "\\t";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case 0x1b -> "\\e";
      default -> c < 0x80 ? String.format("\\x%02x", c) : String.format("\\u%04x", c);
    };
  }

  private static String escape(String text, boolean keepNewlines) {
    if (text == null) {
      return "";
    }
    int first = firstUnsafe(text, keepNewlines);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isUnsafe(c) && !(keepNewlines && c == '\n')) {
        out.append(escapeOf(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int firstUnsafe(String text, boolean keepNewlines) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isUnsafe(c) && !(keepNewlines && c == '\n')) {
        return i;
      }
    }
    return -1;
  }
}
