package dev.trueup.source;

import java.util.List;
import java.util.regex.Pattern;

/** Removes credentials from text bound for a log line, an error or a run record. */
final class Scrubber {
  private static final Pattern USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]*@");

  private final List<String> secrets;

  Scrubber(List<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 3).toList();
  }

  String scrub(String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, "[secret]");
    }
    return USERINFO.matcher(out).replaceAll("$1");
  }
}
