package dev.trueup.model.value;

/**
 * A value that ends up on one line of a line-oriented file: a unit file directive ({@code
 * ExecStart=}, {@code Environment=}, {@code Description=}), a cron line, an env file. A line break
 * there would start a directive of its own ({@code ExecStartPre=+...} beside {@code User=nobody}),
 * and a control or bidirectional character would make the file display other than it runs; so both
 * are refused where the value is written, not cleaned up later. A tab is whitespace there and
 * stays.
 */
public final class OneLine {
  private OneLine() {}

  /**
   * @param what how the message names the field, e.g. {@code "a schedule's command"}
   * @param breakHint what to write instead of a line break, or null
   */
  public static Parsed<String> parse(String what, String text, String breakHint) {
    return check(what, text, false, breakHint);
  }

  /**
   * Free text that trueup writes on one line with its line breaks turned into spaces (a
   * description): line breaks pass, every other control character is refused.
   */
  public static Parsed<String> parseFolding(String what, String text) {
    return check(what, text, true, null);
  }

  private static Parsed<String> check(
      String what, String text, boolean foldsBreaks, String breakHint) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\t') {
        continue;
      }
      if (ControlCharacters.isLineBreak(c)) {
        if (foldsBreaks) {
          continue;
        }
        String which = c == '\n' ? "" : ": it contains a " + ControlCharacters.describe(c);
        return Parsed.invalid(what + " must be one line" + which, breakHint);
      }
      if (ControlCharacters.isControl(c)) {
        return Parsed.invalid(
            what + " contains a control character (" + ControlCharacters.describe(c) + ")",
            "remove it: a terminal or editor showing the file would obey it instead of showing it");
      }
      if (ControlCharacters.isBidi(c)) {
        return Parsed.invalid(
            what + " contains the bidirectional control " + ControlCharacters.describe(c),
            "remove it: it makes the line display in another order than it is read");
      }
    }
    return Parsed.ok(text);
  }
}
