package dev.trueup.notify;

import java.util.Optional;

/**
 * An alert cut to one SMS segment: 160 characters when every character is in GSM 03.38's basic set,
 * 70 (UCS-2) otherwise, with the link to the full text kept whole at its end. Pure.
 */
public final class SmsText {
  /** GSM 03.38's basic character set; the extension table's characters count twice. */
  private static final String GSM =
      "@£$¥èéùìòÇ\n"
          + "Øø\r"
          + "ÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
          + " !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  private static final String GSM_EXTENSION = "^{}\\[~]|€";

  private SmsText() {}

  public static String of(String text, Optional<String> link) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    String tail = link.map(l -> " " + l).orElse("");
    String whole = oneLine + tail;
    if (fits(whole)) {
      return whole;
    }
    boolean gsm = gsm(whole);
    // The ellipsis is not in GSM's set: a GSM message ends in three dots instead.
    String more = gsm ? "..." : "\u2026";
    int room = (gsm ? 160 : 70) - length(tail) - more.length();
    StringBuilder cut = new StringBuilder();
    for (int i = 0; i < oneLine.length(); ) {
      int cp = oneLine.codePointAt(i);
      String next = new String(Character.toChars(cp));
      if (length(cut + next) > room) {
        break;
      }
      cut.append(next);
      i += Character.charCount(cp);
    }
    return cut.toString().stripTrailing() + more + tail;
  }

  /** Whether the text is one segment as it is. */
  public static boolean fits(String text) {
    return gsm(text) ? length(text) <= 160 : text.length() <= 70;
  }

  static boolean gsm(String text) {
    return text.chars().allMatch(c -> GSM.indexOf(c) >= 0 || GSM_EXTENSION.indexOf(c) >= 0);
  }

  /** Septets for GSM text (extension characters take two), UTF-16 units otherwise. */
  private static int length(String text) {
    if (!gsm(text)) {
      return text.length();
    }
    int n = 0;
    for (char c : text.toCharArray()) {
      n += GSM_EXTENSION.indexOf(c) >= 0 ? 2 : 1;
    }
    return n;
  }
}
