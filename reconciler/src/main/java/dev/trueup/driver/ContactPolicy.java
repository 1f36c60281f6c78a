package dev.trueup.driver;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which hosts trueup may contact at all — nodes, engines, clusters, notification channels.
 * Documentation addresses (RFC 5737, RFC 3849) and reserved example names (RFC 2606: example.com,
 * .org, .net and the .example, .invalid, .test top-level names) name hosts that do not exist, like
 * those of the example fleet, and are never contacted. In loopback-only mode ({@code
 * TRUEUP_LOOPBACK_ONLY=1}: tests, benchmarks, demos) everything but 127.0.0.0/8, ::1 and localhost
 * is refused too.
 */
public record ContactPolicy(boolean loopbackOnly) {
  private static final Pattern DOCUMENTATION =
      Pattern.compile(
          "(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d{1,3}|(?i)\\[?2001:0?db8(:.*)?");
  private static final Pattern RESERVED_NAME =
      Pattern.compile("(.+\\.)?example\\.(com|org|net)|.+\\.(example|invalid|test)");
  private static final Pattern LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|::1|\\[::1]|localhost");

  public static ContactPolicy fromEnvironment() {
    String v = System.getenv("TRUEUP_LOOPBACK_ONLY");
    return new ContactPolicy(
        v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false"));
  }

  /** Why a host may not be contacted, if it may not. */
  public Optional<String> refusal(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (DOCUMENTATION.matcher(h).matches()) {
      return Optional.of(host + " is a documentation address (RFC 5737/3849); not contacted");
    }
    if (RESERVED_NAME.matcher(h).matches()) {
      return Optional.of(host + " is a reserved example name (RFC 2606); not contacted");
    }
    if (loopbackOnly && !LOOPBACK.matcher(h).matches()) {
      return Optional.of(host + " is not a loopback address and TRUEUP_LOOPBACK_ONLY is set");
    }
    return Optional.empty();
  }
}
