package dev.trueup.model.value;

/**
 * Permission bits of a managed file, including setuid/setgid/sticky. Parsed from a string only: a
 * YAML integer 0640 would already have been read as decimal 640 or octal 416 by then.
 */
public record FileMode(int bits) {

  public FileMode {
    if (bits < 0 || bits > 07777) {
      throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(bits));
    }
  }

  public static Parsed<FileMode> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.invalid("file mode is empty", "write it as \"0640\" in quotes");
    }
    if (text.length() < 3 || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      return Parsed.invalid(
          "file mode \"" + text + "\" is not 3 or 4 octal digits",
          "write it as \"0640\" in quotes");
    }
    for (char c : text.toCharArray()) {
      if (c > '7') {
        return Parsed.invalid(
            "file mode \"" + text + "\" contains the non-octal digit " + c,
            "use digits 0-7, e.g. \"0640\"");
      }
    }
    return Parsed.ok(new FileMode(Integer.parseInt(text, 8)));
  }

  /** Four octal digits, e.g. {@code 0640}; the form chmod and reports use. */
  public String octal() {
    return String.format("%04o", bits);
  }

  @Override
  public String toString() {
    return octal();
  }
}
