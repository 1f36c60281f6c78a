package dev.trueup.driver.host.model;

import dev.trueup.render.Quoting;

/**
 * How values are written into the files trueup generates (unit files, cron files, alert rules):
 * quoted for the format that reads them, on one line, numbers as people write them.
 */
final class GeneratedText {
  private GeneratedText() {}

  static String restart(String restart) {
    return switch (restart == null ? "" : restart) {
      case "no" -> "no";
      case "on-failure" -> "on-failure";
      default -> "always";
    };
  }

  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").strip();
  }

  /** Threshold as people write it: 80, not 80.0. */
  static String number(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** A YAML double-quoted scalar (JSON string escaping is valid YAML). */
  static String yamlQuote(String text) {
    return Quoting.json(text);
  }

  /** A systemd double-quoted word: backslash, quote, specifier (%) and variable ($) escaped. */
  static String systemdQuote(String text) {
    return "\""
        + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%").replace("$", "$$")
        + "\"";
  }
}
