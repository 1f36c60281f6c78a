package dev.trueup.source;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository URL that passed the scheme allowlist: {@code https://}, {@code ssh://}, the scp-like
 * {@code user@host:path} (treated as ssh), {@code file://} and absolute local paths. Plain {@code
 * http://} is accepted only for a loopback host and only when the caller allows it (tests, a local
 * mirror). Everything else — {@code git://}, {@code ext::}, {@code fd::}, a leading {@code -}, a
 * password in the URL — is refused, and the refusal never repeats the credential.
 *
 * @param text the URL as given (it carries no password; an ssh user name is allowed)
 * @param kind how trueup reaches it
 */
public record GitUrl(String text, Kind kind) {

  public enum Kind {
    HTTPS,
    SSH,
    LOCAL,
    LOOPBACK_HTTP
  }

  static final String ALLOWED = "use https://, ssh:// (or user@host:path) or a local path";

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
  private static final Pattern TRANSPORT = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)::");
  private static final Pattern SCP =
      Pattern.compile("^(?:([A-Za-z0-9._-]+)@)?([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):(.+)$");

  /** Checks {@code raw}; throws {@link IllegalArgumentException} with a message safe to print. */
  public static GitUrl parse(String raw, boolean allowLoopbackHttp) {
    if (raw == null || raw.isBlank()) {
      throw refused("repository URL is empty");
    }
    String url = raw.strip();
    if (url.startsWith("-")) {
      throw refused("repository URL must not start with '-'");
    }
    if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw refused("repository URL contains control characters");
    }
    Matcher transport = TRANSPORT.matcher(url);
    if (transport.find()) {
      throw refused(
          "repository URL transport \""
              + transport.group(1).toLowerCase(Locale.ROOT)
              + "::\" is not allowed: "
              + ALLOWED);
    }
    Matcher scheme = SCHEME.matcher(url);
    if (scheme.find()) {
      return withScheme(url, scheme.group(1).toLowerCase(Locale.ROOT), allowLoopbackHttp);
    }
    if (url.startsWith("/")) {
      return new GitUrl(Path.of(url).normalize().toString(), Kind.LOCAL);
    }
    int at = url.indexOf('@');
    if (at > 0 && url.substring(0, at).contains(":") && !url.substring(0, at).contains("/")) {
      throw refused(
          "repository URL must not carry a password (user:password@host): "
              + "give credentials through auth, e.g. a token from a secret");
    }
    Matcher scp = SCP.matcher(url);
    if (scp.matches() && !scp.group(3).startsWith("//")) {
      if (scp.group(2).startsWith("-") || (scp.group(1) != null && scp.group(1).startsWith("-"))) {
        throw refused("repository URL host or user must not start with '-'");
      }
      return new GitUrl(url, Kind.SSH);
    }
    throw refused("repository URL is neither a URL nor an absolute path: " + ALLOWED);
  }

  private static GitUrl withScheme(String url, String scheme, boolean allowLoopbackHttp) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw refused("repository URL is malformed (" + scheme + "://...): " + ALLOWED);
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null && uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
      userInfo = uri.getRawAuthority().substring(0, uri.getRawAuthority().lastIndexOf('@'));
    }
    if (userInfo != null && userInfo.contains(":")) {
      throw refused(
          "repository URL must not carry a password (user:password@host): "
              + "give credentials through auth, e.g. a token from a secret");
    }
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    if (authority.substring(authority.lastIndexOf('@') + 1).startsWith("-")
        || (userInfo != null && userInfo.startsWith("-"))) {
      throw refused("repository URL host or user must not start with '-'");
    }
    switch (scheme) {
      case "https" -> {
        if (userInfo != null) {
          throw refused(
              "repository URL must not carry user information (user@host) for https: "
                  + "give credentials through auth, e.g. a token from a secret");
        }
        requireHost(uri, scheme);
        return new GitUrl(url, Kind.HTTPS);
      }
      case "ssh" -> {
        requireHost(uri, scheme);
        if (userInfo != null && userInfo.startsWith("-")) {
          throw refused("repository URL host or user must not start with '-'");
        }
        return new GitUrl(url, Kind.SSH);
      }
      case "file" -> {
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
          throw refused("file:// URLs name a local path only (file:///path): " + ALLOWED);
        }
        return new GitUrl(Path.of(uri.getPath()).normalize().toString(), Kind.LOCAL);
      }
      case "http" -> {
        if (userInfo != null) {
          throw refused("repository URL must not carry user information (user@host)");
        }
        requireHost(uri, scheme);
        if (!allowLoopbackHttp || !isLoopback(uri.getHost())) {
          throw refused(
              "repository URL scheme \"http\" is not allowed: use https:// "
                  + "(plain http is accepted only for a loopback host, and only when allowed)");
        }
        return new GitUrl(url, Kind.LOOPBACK_HTTP);
      }
      default ->
          throw refused("repository URL scheme \"" + scheme + "\" is not allowed: " + ALLOWED);
    }
  }

  private static void requireHost(URI uri, String scheme) {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw refused("repository URL (" + scheme + "://) has no host");
    }
    if (host.startsWith("-")) {
      throw refused("repository URL host or user must not start with '-'");
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
      return false; // a literal address only: no name lookup decides what is loopback
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static IllegalArgumentException refused(String message) {
    return new IllegalArgumentException(message);
  }

  @Override
  public String toString() {
    return text;
  }
}
