package dev.trueup.model.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Characters that pass for others in a node path: a Cyrillic {@code е} in {@code /еtc/motd}, a
 * fullwidth or division slash, an invisible zero-width space. Such a path is valid and names a
 * different file than the one a reviewer reads, so it is warned about, not refused (a path may be
 * non-ASCII on purpose). Names need no such check: their grammar is ASCII only.
 *
 * <p>A letter from the table below is suspect only in a segment it could disguise as plain ASCII
 * (one whose other letters are all ASCII or look-alikes too): {@code /srv/данные} is written in
 * Cyrillic on purpose and is left alone. Punctuation look-alikes, fullwidth forms and invisible
 * characters are always suspect.
 */
public final class LookAlikes {
  private LookAlikes() {}

  /** Letters of other scripts (and Latin variants) that render like an ASCII letter. */
  private static final Map<Integer, Character> LETTERS =
      Map.ofEntries(
          // Cyrillic
          Map.entry(0x0430, 'a'),
          Map.entry(0x0441, 'c'),
          Map.entry(0x0501, 'd'),
          Map.entry(0x0435, 'e'),
          Map.entry(0x04bb, 'h'),
          Map.entry(0x0456, 'i'),
          Map.entry(0x0458, 'j'),
          Map.entry(0x04cf, 'l'),
          Map.entry(0x043e, 'o'),
          Map.entry(0x0440, 'p'),
          Map.entry(0x051b, 'q'),
          Map.entry(0x0455, 's'),
          Map.entry(0x051d, 'w'),
          Map.entry(0x0445, 'x'),
          Map.entry(0x0443, 'y'),
          Map.entry(0x0410, 'A'),
          Map.entry(0x0412, 'B'),
          Map.entry(0x0421, 'C'),
          Map.entry(0x0415, 'E'),
          Map.entry(0x041d, 'H'),
          Map.entry(0x0406, 'I'),
          Map.entry(0x0408, 'J'),
          Map.entry(0x041a, 'K'),
          Map.entry(0x041c, 'M'),
          Map.entry(0x041e, 'O'),
          Map.entry(0x0420, 'P'),
          Map.entry(0x0405, 'S'),
          Map.entry(0x0422, 'T'),
          Map.entry(0x0425, 'X'),
          Map.entry(0x0423, 'Y'),
          Map.entry(0x051c, 'W'),
          // Greek
          Map.entry(0x03b1, 'a'),
          Map.entry(0x03b9, 'i'),
          Map.entry(0x03ba, 'k'),
          Map.entry(0x03bd, 'v'),
          Map.entry(0x03bf, 'o'),
          Map.entry(0x03c1, 'p'),
          Map.entry(0x03c5, 'u'),
          Map.entry(0x0391, 'A'),
          Map.entry(0x0392, 'B'),
          Map.entry(0x0395, 'E'),
          Map.entry(0x0396, 'Z'),
          Map.entry(0x0397, 'H'),
          Map.entry(0x0399, 'I'),
          Map.entry(0x039a, 'K'),
          Map.entry(0x039c, 'M'),
          Map.entry(0x039d, 'N'),
          Map.entry(0x039f, 'O'),
          Map.entry(0x03a1, 'P'),
          Map.entry(0x03a4, 'T'),
          Map.entry(0x03a5, 'Y'),
          Map.entry(0x03a7, 'X'),
          // Armenian
          Map.entry(0x0570, 'h'),
          Map.entry(0x0578, 'n'),
          Map.entry(0x057d, 'u'),
          Map.entry(0x0585, 'o'),
          // Latin letters that read as plain ones
          Map.entry(0x0131, 'i'),
          Map.entry(0x0237, 'j'),
          Map.entry(0x0251, 'a'),
          Map.entry(0x0261, 'g'),
          Map.entry(0x01c0, 'l'));

  /** Punctuation that renders like the ASCII a path is made of: dashes, slashes, dots. */
  private static final Map<Integer, Character> PUNCTUATION =
      Map.ofEntries(
          Map.entry(0x2010, '-'),
          Map.entry(0x2011, '-'),
          Map.entry(0x2012, '-'),
          Map.entry(0x2013, '-'),
          Map.entry(0x2014, '-'),
          Map.entry(0x2015, '-'),
          Map.entry(0x2212, '-'),
          Map.entry(0x2215, '/'),
          Map.entry(0x2044, '/'),
          Map.entry(0x29f8, '/'),
          Map.entry(0x2024, '.'));

  /** A warning about {@code path}: which character, what it passes for, what to do. */
  public record Finding(String message, String hint) {}

  /** The first suspect character of {@code path}, or empty. */
  public static Optional<Finding> inPath(String path) {
    for (String segment : path.split("/", -1)) {
      boolean disguisable = disguisable(segment);
      for (int i = 0; i < segment.length(); ) {
        int c = segment.codePointAt(i);
        i += Character.charCount(c);
        Character plain = plain(c, disguisable);
        if (plain != null) {
          return Optional.of(
              new Finding(
                  "path \"" + path + "\" has " + name(c) + ", which looks like '" + plain + "'",
                  "if you meant " + skeleton(path) + ", retype it in plain ASCII"));
        }
        if (invisible(c)) {
          return Optional.of(
              new Finding(
                  "path \"" + path + "\" has the invisible character " + codeAndName(c),
                  "remove it: it does not show, and the path names another file than "
                      + skeleton(path)));
        }
      }
    }
    return Optional.empty();
  }

  /** What {@code c} passes for, or null when it is itself. */
  private static Character plain(int c, boolean disguisable) {
    if (c >= 0xff01 && c <= 0xff5e) {
      return (char) (c - 0xfee0);
    }
    Character p = PUNCTUATION.get(c);
    if (p != null) {
      return p;
    }
    return disguisable ? LETTERS.get(c) : null;
  }

  /** Whether every letter of the segment is ASCII or a look-alike: it can pass for ASCII. */
  private static boolean disguisable(String segment) {
    return segment
        .codePoints()
        .filter(Character::isLetter)
        .allMatch(c -> c < 0x80 || LETTERS.containsKey(c));
  }

  /** Zero-width and other format characters (and bidirectional controls): shown as nothing. */
  private static boolean invisible(int c) {
    return Character.getType(c) == Character.FORMAT || ControlCharacters.isBidi(c);
  }

  /** The path as it reads, every look-alike replaced by what it passes for, invisibles dropped. */
  static String skeleton(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      boolean disguisable = disguisable(segment);
      StringBuilder out = new StringBuilder();
      segment
          .codePoints()
          .forEach(
              c -> {
                Character plain = plain(c, disguisable);
                if (plain != null) {
                  out.append(plain.charValue());
                } else if (!invisible(c)) {
                  out.appendCodePoint(c);
                }
              });
      segments.add(out.toString());
    }
    return String.join("/", segments);
  }

  private static String name(int c) {
    return "'" + Character.toString(c) + "' (" + codeAndName(c) + ")";
  }

  private static String codeAndName(int c) {
    String name = Character.getName(c);
    return String.format("U+%04X", c) + (name == null ? "" : " " + name);
  }
}
