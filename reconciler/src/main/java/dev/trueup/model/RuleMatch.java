package dev.trueup.model;

import java.util.Map;

/**
 * Glob patterns ({@code *} and {@code ?}) over what a change touches; all given ones must match.
 */
public record RuleMatch(Map<String, String> patterns) {

  public static final java.util.Set<String> KEYS =
      java.util.Set.of("node", "group", "environment", "service", "kind", "secret");

  public RuleMatch {
    patterns = Map.copyOf(patterns);
  }

  public static boolean globMatches(String glob, String text) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return text.matches(regex.toString());
  }
}
