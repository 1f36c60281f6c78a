package dev.trueup.driver.host.probe;

/**
 * POSIX single-quote escaping: inside '...' the shell interprets nothing, so the only character to
 * treat is the quote itself, written as {@code '\''}. Every value that reaches a remote shell goes
 * through here (or travels on stdin); nothing is concatenated raw.
 */
public final class ShellQuote {
  private ShellQuote() {}

  public static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      // A C string ends at NUL: the shell would silently see a shorter word.
      throw new IllegalArgumentException("a shell word cannot contain NUL");
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** Words quoted one by one and joined with spaces, e.g. a command and its arguments. */
  public static String command(String... words) {
    StringBuilder sb = new StringBuilder();
    for (String word : words) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(quote(word));
    }
    return sb.toString();
  }
}
