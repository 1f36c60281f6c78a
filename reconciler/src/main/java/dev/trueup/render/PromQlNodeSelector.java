package dev.trueup.render;

import java.util.Set;

/**
 * Narrows a PromQL expression to one node: every vector selector in it gets the matcher {@code
 * label="node"}, so that a rule rendered for a node alerts on that node's series only, not on every
 * machine the Prometheus scrapes. A selector that already matches on the label is left as the user
 * wrote it. Function names, keywords, label lists ({@code by (...)}, {@code on (...)}), strings,
 * ranges and durations are passed over. Pure; what Prometheus makes of the result is checked by
 * promtool in the tests.
 */
public final class PromQlNodeSelector {
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "and",
          "or",
          "unless",
          "atan2",
          "inf",
          "nan",
          "start",
          "end");

  /** Aggregations, which may put their label list before their argument: sum by (x) (...). */
  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "avg",
          "min",
          "max",
          "count",
          "group",
          "stddev",
          "stdvar",
          "topk",
          "bottomk",
          "quantile",
          "count_values",
          "limitk",
          "limit_ratio");

  private static final Set<String> LABEL_LISTS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private PromQlNodeSelector() {}

  public static String select(String expr, String label, String node) {
    String matcher = label + "=\"" + node.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    StringBuilder out = new StringBuilder(expr.length() + 32);
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        int end = stringEnd(expr, i);
        out.append(expr, i, end);
        i = end;
      } else if (c == '[') {
        int end = expr.indexOf(']', i);
        end = end < 0 ? n : end + 1;
        out.append(expr, i, end);
        i = end;
      } else if (c == '{') {
        // A selector with no metric name: {job="node"}.
        i = braces(expr, i, label, matcher, out);
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
        int end = i;
        while (end < n
            && (Character.isLetterOrDigit(expr.charAt(end)) || expr.charAt(end) == '.')) {
          end++;
        }
        out.append(expr, i, end);
        i = end;
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int end = i;
        while (end < n
            && (Character.isLetterOrDigit(expr.charAt(end))
                || expr.charAt(end) == '_'
                || expr.charAt(end) == ':')) {
          end++;
        }
        String word = expr.substring(i, end);
        int next = skipSpace(expr, end);
        out.append(word);
        i = end;
        if (LABEL_LISTS.contains(word.toLowerCase(java.util.Locale.ROOT))
            && next < n
            && expr.charAt(next) == '(') {
          int close = expr.indexOf(')', next);
          close = close < 0 ? n : close + 1;
          out.append(expr, i, close);
          i = close;
        } else if (KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))
            || (next < n && expr.charAt(next) == '(')
            || (AGGREGATIONS.contains(word.toLowerCase(java.util.Locale.ROOT))
                && java.util.regex.Pattern.compile("(?i)(by|without)\\s*\\(")
                    .matcher(expr)
                    .region(next, n)
                    .lookingAt())) {
          // A keyword or a function: nothing to select.
        } else if (next < n && expr.charAt(next) == '{') {
          out.append(expr, i, next);
          i = braces(expr, next, label, matcher, out);
        } else {
          out.append('{').append(matcher).append('}');
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Copies the matcher block at {@code open}, with the node's matcher added unless it has one. */
  private static int braces(
      String expr, int open, String label, String matcher, StringBuilder out) {
    int i = open + 1;
    int n = expr.length();
    StringBuilder inside = new StringBuilder();
    while (i < n && expr.charAt(i) != '}') {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        int end = stringEnd(expr, i);
        inside.append(expr, i, end);
        i = end;
      } else {
        inside.append(c);
        i++;
      }
    }
    String body = inside.toString();
    String bare = body.replaceAll("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'|`[^`]*`", "\"\"");
    boolean has =
        java.util.regex.Pattern.compile(
                "(?:^|,)\\s*" + java.util.regex.Pattern.quote(label) + "\\s*(?:=|!=|=~|!~)")
            .matcher(bare)
            .find();
    out.append('{');
    if (!has) {
      out.append(matcher);
      if (!body.isBlank()) {
        out.append(',');
      }
    }
    out.append(body).append('}');
    return Math.min(i + 1, n);
  }

  private static int stringEnd(String expr, int start) {
    char quote = expr.charAt(start);
    int i = start + 1;
    while (i < expr.length()) {
      char c = expr.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
        continue;
      }
      if (c == quote) {
        return i + 1;
      }
      i++;
    }
    return expr.length();
  }

  private static int skipSpace(String expr, int from) {
    int i = from;
    while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
      i++;
    }
    return i;
  }
}
