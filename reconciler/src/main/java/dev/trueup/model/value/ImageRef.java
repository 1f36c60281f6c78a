package dev.trueup.model.value;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A container image reference {@code [registry[:port]/]path[:tag][@sha256:digest]}, checked against
 * the distribution reference grammar. Nothing is normalized away (no implied docker.io or
 * library/), so the reference in the repo is the one compared with what a node runs.
 *
 * @param registry the registry host and optional port, or null when none is written
 * @param tag the tag, "latest" when none is written (see {@code explicitTag})
 * @param digest the "sha256:..." digest, or null
 */
public record ImageRef(
    String registry, String path, String tag, boolean explicitTag, String digest) {

  private static final Pattern DOMAIN_COMPONENT =
      Pattern.compile("[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final int NAME_MAX = 255;

  public static Parsed<ImageRef> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Parsed.invalid("image is empty", "write it like \"postgres:16.4\"");
    }
    if (!text.equals(text.strip()) || text.chars().anyMatch(Character::isWhitespace)) {
      return Parsed.invalid("image \"" + text + "\" contains whitespace");
    }
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        return Parsed.invalid(
            "image \"" + text + "\" has an invalid digest \"" + digest + "\"",
            "write it as @sha256: followed by 64 lower-case hex digits");
      }
    }
    String tag = null;
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        return Parsed.invalid(
            "image \"" + text + "\" has an invalid tag \"" + tag + "\"",
            "a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'");
      }
    }
    String registry = null;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".")
          || first.contains(":")
          || first.equals("localhost")
          || !first.equals(first.toLowerCase(Locale.ROOT))) {
        registry = first;
        rest = rest.substring(slash + 1);
        Parsed<String> checked = registry(text, registry);
        if (checked instanceof Parsed.Invalid<String> invalid) {
          return invalid.cast();
        }
      }
    }
    if (rest.isEmpty()) {
      return Parsed.invalid("image \"" + text + "\" has no repository name");
    }
    if (rest.length() + (registry == null ? 0 : registry.length() + 1) > NAME_MAX) {
      return Parsed.invalid("image name in \"" + text + "\" is longer than " + NAME_MAX);
    }
    for (String component : rest.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        String hint =
            component.equals(component.toLowerCase(Locale.ROOT))
                ? "use lower-case letters and digits, separated by '.', '_', '__' or '-'"
                : "repository names are lower-case, e.g. \""
                    + component.toLowerCase(Locale.ROOT)
                    + "\"";
        return Parsed.invalid(
            "image \"" + text + "\" has an invalid path component \"" + component + "\"", hint);
      }
    }
    return Parsed.ok(
        new ImageRef(registry, rest, tag == null ? "latest" : tag, tag != null, digest));
  }

  private static Parsed<String> registry(String text, String registry) {
    String host = registry;
    String port = null;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0 || IpLiteral.ipv6(host.substring(1, close)) == null) {
        return Parsed.invalid(
            "image \"" + text + "\" has an invalid registry \"" + registry + "\"");
      }
      port = close + 1 < host.length() ? host.substring(close + 1) : null;
      if (port != null && !port.startsWith(":")) {
        return Parsed.invalid(
            "image \"" + text + "\" has an invalid registry \"" + registry + "\"");
      }
      port = port == null ? null : port.substring(1);
    } else {
      int colon = host.indexOf(':');
      if (colon >= 0) {
        port = host.substring(colon + 1);
        host = host.substring(0, colon);
      }
      for (String component : host.split("\\.", -1)) {
        if (!DOMAIN_COMPONENT.matcher(component).matches()) {
          return Parsed.invalid(
              "image \"" + text + "\" has an invalid registry host \"" + host + "\"");
        }
      }
    }
    if (port != null
        && (!port.matches("\\d{1,5}")
            || Integer.parseInt(port) < 1
            || Integer.parseInt(port) > 65535)) {
      return Parsed.invalid("image \"" + text + "\" has an invalid registry port \"" + port + "\"");
    }
    return Parsed.ok(registry);
  }

  /** The repository: registry (when written) and path, without tag or digest. */
  public String repository() {
    return registry == null ? path : registry + "/" + path;
  }

  /** The reference as written, normalized: the tag only when it was explicit. */
  public String text() {
    StringBuilder sb = new StringBuilder(repository());
    if (explicitTag) {
      sb.append(':').append(tag);
    }
    if (digest != null) {
      sb.append('@').append(digest);
    }
    return sb.toString();
  }

  /** The tag read as a version, for classifying a bump. */
  public Parsed<SemVer> version() {
    return SemVer.parse(tag);
  }

  @Override
  public String toString() {
    return text();
  }
}
