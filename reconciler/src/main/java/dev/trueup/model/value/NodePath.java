package dev.trueup.model.value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An absolute, already-normalized POSIX path of a file on a managed node. Normalized input is
 * required (not silently fixed) so that the path in the repo is exactly the path on the node.
 */
public record NodePath(String value) implements Comparable<NodePath> {

  static final int MAX_BYTES = 4096;

  public NodePath {
    if (check(value) instanceof Parsed.Invalid<String> invalid) {
      throw new IllegalArgumentException(invalid.message());
    }
  }

  public static Parsed<NodePath> parse(String text) {
    return check(text).map(NodePath::new);
  }

  private static Parsed<String> check(String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.invalid("path is empty");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (ControlCharacters.isControl(c)) {
        return Parsed.invalid(
            "path \""
                + printable(text)
                + "\" contains a control character ("
                + ControlCharacters.describe(c)
                + ")");
      }
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      return Parsed.invalid("path is " + bytes + " bytes long, at most " + MAX_BYTES);
    }
    if (!text.startsWith("/")) {
      return Parsed.invalid(
          "path \"" + text + "\" is not absolute", "start it with '/', e.g. \"/" + text + "\"");
    }
    if (text.equals("/")) {
      return Parsed.invalid("path \"/\" is the root directory, not a file");
    }
    String normalized = normalize(text);
    String hint = normalized == null ? null : "did you mean " + normalized + "?";
    if (text.contains("//")) {
      return Parsed.invalid("path \"" + text + "\" contains \"//\"", hint);
    }
    if (text.endsWith("/")) {
      return Parsed.invalid("path \"" + text + "\" ends with '/'", hint);
    }
    for (String segment : text.substring(1).split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return Parsed.invalid("path \"" + text + "\" contains a \"" + segment + "\" segment", hint);
      }
    }
    return Parsed.ok(text);
  }

  /** The lexically normalized form, or null when it would be the root or escape above it. */
  static String normalize(String text) {
    Deque<String> parts = new ArrayDeque<>();
    for (String segment : text.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(segment);
      }
    }
    return parts.isEmpty() ? null : "/" + String.join("/", parts);
  }

  public String fileName() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  /** The parent directory's path, e.g. {@code /etc/app} for {@code /etc/app/app.env}. */
  public String parentDirectory() {
    int slash = value.lastIndexOf('/');
    return slash == 0 ? "/" : value.substring(0, slash);
  }

  @Override
  public int compareTo(NodePath other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }

  /** The text with control characters escaped, so a message never carries a raw newline. */
  static String printable(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (ControlCharacters.isControl(c)) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
