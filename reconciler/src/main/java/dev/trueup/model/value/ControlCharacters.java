package dev.trueup.model.value;

/**
 * The characters that act instead of showing: C0 controls, DEL and C1 controls (a terminal obeys
 * them; a line-oriented file breaks at CR and LF), and the bidirectional controls (they make text
 * display in another order than it is read). One definition for validation and terminal output.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  /** C0 (U+0000-U+001F), DEL (U+007F) or C1 (U+0080-U+009F). */
  public static boolean isControl(int c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /**
   * The Unicode bidirectional formatting characters: embeddings and overrides (U+202A-U+202E),
   * isolates (U+2066-U+2069) and the marks (U+061C, U+200E, U+200F).
   */
  public static boolean isBidi(int c) {
    return (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f;
  }

  /** A line break: LF, CR, or NEL (U+0085), which some readers take for one. */
  public static boolean isLineBreak(int c) {
    return c == '\n' || c == '\r' || c == 0x85;
  }

  /** The first control or bidirectional character in {@code text}, or -1. */
  public static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c) || isBidi(c)) {
        return i;
      }
    }
    return -1;
  }

  /** A name people recognize, e.g. {@code newline}, {@code U+001B}. */
  public static String describe(int c) {
    return switch (c) {
      case '\0' -> "NUL";
      case '\n' -> "newline";
      case '\r' -> "carriage return";
      case '\t' -> "tab";
      default -> String.format("U+%04X", c);
    };
  }
}
