package dev.trueup.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Every way a secret value may be spelled in text that reaches a person: raw; JSON-escaped once or
 * twice (an engine that echoes a JSON request inside its JSON error), in the variants encoders
 * differ by (non-ASCII as {@code \}{@code u} escapes or raw, hex digits upper or lower case, {@code
 * < > &} escaped or not); URL-encoded (space as {@code +} or {@code %20}, strict or as Java
 * encodes, either hex case); shell-quoted (inside single quotes, backslash-escaped, inside double
 * quotes); and base64 of its UTF-8 bytes (standard and URL-safe, at each of the three alignments it
 * can have inside a longer encoded text, e.g. registry auth). Pure.
 */
final class SecretForms {
  private SecretForms() {}

  /** Base64 forms only for values whose aligned cores are long enough not to match by chance. */
  private static final int BASE64_MIN_BYTES = 6;

  static Set<String> of(String value) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(value);
    for (Json once : Json.values()) {
      String escaped = once.escape(value);
      forms.add(escaped);
      for (Json twice : Json.values()) {
        forms.add(twice.escape(escaped));
      }
    }
    for (boolean strict : new boolean[] {true, false}) {
      for (boolean plus : new boolean[] {true, false}) {
        String encoded = urlEncode(value, strict, plus);
        forms.add(encoded);
        forms.add(lowerHexEscapes(encoded, '%'));
      }
    }
    forms.add(value.replace("'", "'\\''"));
    forms.add(value.replace("'", "'\"'\"'"));
    forms.add(backslashed(value));
    forms.add(doubleQuoted(value));
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= BASE64_MIN_BYTES) {
      for (Base64.Encoder encoder :
          new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
        forms.add(encoder.encodeToString(bytes));
        for (int offset = 0; offset < 3; offset++) {
          forms.add(base64Core(encoder, bytes, offset));
        }
      }
    }
    forms.remove("");
    return forms;
  }

  /** JSON string escaping as the encoders of engines, libraries and languages write it. */
  private enum Json {
    MINIMAL(false, false, false),
    MINIMAL_UPPER(false, true, false),
    ASCII(true, false, false),
    ASCII_UPPER(true, true, false),
    HTML_SAFE(false, false, true),
    HTML_SAFE_ASCII(true, false, true);

    private final boolean ascii;
    private final boolean upper;
    private final boolean html;

    Json(boolean ascii, boolean upper, boolean html) {
      this.ascii = ascii;
      this.upper = upper;
      this.html = html;
    }

    String escape(String s) {
      StringBuilder b = new StringBuilder(s.length() + 8);
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          case '\b' -> b.append("\\b");
          case '\f' -> b.append("\\f");
          default -> {
            boolean escape =
                c < 0x20
                    || (ascii && c > 0x7e)
                    || (html && (c == '<' || c == '>' || c == '&'))
                    || c == '\u2028'
                    || c == '\u2029';
            if (escape) {
              b.append(String.format(upper ? "\\u%04X" : "\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      return b.toString();
    }
  }

  /**
   * Percent-encoding of the UTF-8 bytes: strict keeps only {@code A-Z a-z 0-9 - . _ ~}, Java's form
   * keeps {@code * - . _} instead; a space is {@code +} or {@code %20}. Upper-case hex.
   */
  private static String urlEncode(String s, boolean strict, boolean plus) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      boolean kept =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || (strict ? c == '~' : c == '*');
      if (kept) {
        b.append((char) c);
      } else if (c == ' ' && plus) {
        b.append('+');
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }

  private static String lowerHexEscapes(String s, char escape) {
    StringBuilder b = new StringBuilder(s);
    for (int i = 0; i < b.length(); i++) {
      if (b.charAt(i) == escape && i + 2 < b.length()) {
        b.setCharAt(i + 1, Character.toLowerCase(b.charAt(i + 1)));
        b.setCharAt(i + 2, Character.toLowerCase(b.charAt(i + 2)));
        i += 2;
      }
    }
    return b.toString();
  }

  /** Each character a shell would treat specially preceded by a backslash (as bash's %q). */
  private static String backslashed(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || "_-./:@%+=".indexOf(c) >= 0)) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Inside double quotes (shell, systemd environment files): {@code \ " $ `} escaped. */
  static String doubleQuoted(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '"' || c == '$' || c == '`') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /**
   * The part of the base64 text that depends on the value's bytes alone when they start {@code
   * offset} bytes into a 3-byte group: the characters mixed with neighbouring bytes are dropped.
   */
  private static String base64Core(Base64.Encoder encoder, byte[] bytes, int offset) {
    byte[] shifted = new byte[offset + bytes.length];
    System.arraycopy(bytes, 0, shifted, offset, bytes.length);
    String text = encoder.withoutPadding().encodeToString(shifted);
    int from = new int[] {0, 2, 3}[offset];
    int to = shifted.length % 3 == 0 ? text.length() : text.length() - 1;
    return text.substring(from, to);
  }
}
