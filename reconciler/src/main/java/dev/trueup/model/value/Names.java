package dev.trueup.model.value;

import java.util.regex.Pattern;

/**
 * Strict grammars for names that end up in shell commands, file names, unit names and labels. A
 * name that passes here is safe to put in a path segment or an argument without quoting tricks.
 */
public final class Names {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern UNIT =
      Pattern.compile("[A-Za-z0-9:_.\\\\@-]+\\.(service|timer|socket|target|mount|path)");
  private static final Pattern SECRET_SEGMENT = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern METRIC = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern ACCOUNT = Pattern.compile("[a-z_][a-z0-9_-]{0,31}|[0-9]{1,10}");
  private static final int UNIT_MAX = 255;

  private Names() {}

  public static Parsed<String> nodeName(String text) {
    return dnsLabel("node", text);
  }

  public static Parsed<String> serviceName(String text) {
    return dnsLabel("service", text);
  }

  public static Parsed<String> groupName(String text) {
    return dnsLabel("group", text);
  }

  public static Parsed<String> scheduleName(String text) {
    return dnsLabel("schedule", text);
  }

  public static Parsed<String> windowName(String text) {
    return dnsLabel("maintenance window", text);
  }

  public static Parsed<String> busyCheckName(String text) {
    return dnsLabel("busy check", text);
  }

  public static Parsed<String> environmentName(String text) {
    return dnsLabel("environment", text);
  }

  /** A DNS label: it becomes a host-like identifier, a file name and a Kubernetes name. */
  static Parsed<String> dnsLabel(String kind, String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.invalid(kind + " name is empty");
    }
    if (DNS_LABEL.matcher(text).matches()) {
      return Parsed.ok(text);
    }
    String hint =
        "use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit";
    if (text.length() > 63) {
      return Parsed.invalid(
          kind + " name \"" + text + "\" is " + text.length() + " characters, at most 63", hint);
    }
    String suggestion = suggestLabel(text);
    if (suggestion != null && !suggestion.equals(text)) {
      hint = hint + " (e.g. \"" + suggestion + "\")";
    }
    return Parsed.invalid(kind + " name \"" + text + "\" is not a valid DNS label", hint);
  }

  /** Lower-cases and turns runs of other characters into '-', or null when nothing is left. */
  private static String suggestLabel(String text) {
    String s = text.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() || s.length() > 63 ? null : s;
  }

  public static Parsed<String> systemdUnitName(String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.invalid("unit name is empty");
    }
    if (text.length() > UNIT_MAX) {
      return Parsed.invalid(
          "unit name \"" + text + "\" is " + text.length() + " characters, at most " + UNIT_MAX);
    }
    if (text.startsWith("-")) {
      return Parsed.invalid("unit name \"" + text + "\" starts with '-'");
    }
    if (!UNIT.matcher(text).matches()) {
      int dot = text.lastIndexOf('.');
      String suffix = dot < 0 ? "" : text.substring(dot + 1);
      if (!suffix.matches("service|timer|socket|target|mount|path")) {
        return Parsed.invalid(
            "unit name \"" + text + "\" has no supported type suffix",
            "end it with .service, .timer, .socket, .target, .mount or .path");
      }
      return Parsed.invalid(
          "unit name \"" + text + "\" has characters outside A-Z a-z 0-9 : _ . \\ @ -");
    }
    return Parsed.ok(text);
  }

  /** A path-like reference such as {@code hubspot/api-key}; never escapes its provider's root. */
  public static Parsed<String> secretName(String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.invalid("secret name is empty");
    }
    String hint =
        "write segments of lower-case letters, digits, '.', '_' and '-' joined by '/', e.g."
            + " \"hubspot/api-key\"";
    for (String segment : text.split("/", -1)) {
      if (segment.isEmpty()) {
        return Parsed.invalid("secret name \"" + text + "\" has an empty segment", hint);
      }
      if (segment.contains("..")) {
        return Parsed.invalid("secret name \"" + text + "\" contains \"..\"", hint);
      }
      if (!SECRET_SEGMENT.matcher(segment).matches()) {
        return Parsed.invalid(
            "secret name \"" + text + "\" has an invalid segment \"" + segment + "\"", hint);
      }
    }
    return Parsed.ok(text);
  }

  /** Metric names as alert rules use them (Prometheus-compatible, lower-case only). */
  public static Parsed<String> metricName(String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.invalid("metric name is empty");
    }
    if (!METRIC.matcher(text).matches()) {
      return Parsed.invalid(
          "metric name \"" + text + "\" is invalid",
          "use lower-case letters, digits and '_', not starting with a digit, e.g."
              + " \"cpu_percent\"");
    }
    return Parsed.ok(text);
  }

  public static Parsed<String> envVarName(String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.invalid("environment variable name is empty");
    }
    if (!ENV_VAR.matcher(text).matches()) {
      return Parsed.invalid(
          "environment variable name \"" + text + "\" is invalid",
          "use letters, digits and '_', not starting with a digit, e.g. \"DATABASE_URL\"");
    }
    return Parsed.ok(text);
  }

  /**
   * A POSIX user or group name, or a numeric id: it is written into unit files ({@code User=}),
   * cron lines and ownership changes, so it is one word of a portable character set.
   *
   * @param kind {@code user} or {@code group}
   */
  public static Parsed<String> accountName(String kind, String text) {
    if (text != null && ACCOUNT.matcher(text).matches()) {
      return Parsed.ok(text);
    }
    return Parsed.invalid("'" + NodePath.printable(text) + "' is not a valid " + kind + " name");
  }
}
