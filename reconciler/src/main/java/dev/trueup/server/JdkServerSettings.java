package dev.trueup.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK HTTP server's own limits, which only system properties set.
 *
 * <p>WHY here: the JDK server reads a request's line and headers itself, before any handler runs,
 * on a blocking channel with no read timeout; the only bound on a client that sends its headers a
 * byte at a time is {@code sun.net.httpserver.maxReqTime} (from a request's first byte until its
 * body has been read; the server closes the connection past it). Those properties are read once,
 * when the JDK's server class initialises, and then hold for every server in the process. So they
 * are set here, just before trueup creates its first listener, and only when the operator has not
 * set them ({@code -Dsun.net.httpserver.maxReqTime=...} in {@code JAVA_TOOL_OPTIONS} wins). In a
 * process that created a JDK server before this ran they have no effect; serve creates none.
 */
final class JdkServerSettings {
  /** Headers and body of one request, from its first byte; the body has its own, shorter, one. */
  static final Duration REQUEST_TIME = Duration.ofSeconds(15);

  /** Request line plus headers; webhooks and API calls need a few KiB (the JDK's is 380 KiB). */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(JdkServerSettings.class);
  private static boolean applied;

  private JdkServerSettings() {}

  /** The properties trueup sets, each unless already set. */
  static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("sun.net.httpserver.maxReqTime", Long.toString(REQUEST_TIME.toSeconds()));
    d.put("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
    return d;
  }

  /** Sets the defaults the operator left unset; once per process, before the first server. */
  static synchronized void apply() {
    if (applied) {
      return;
    }
    applied = true;
    defaults()
        .forEach(
            (name, value) -> {
              String given = System.getProperty(name);
              if (given == null) {
                System.setProperty(name, value);
              } else {
                log.info(
                    "HTTP listeners: {}={} as given (trueup's default is {})", name, given, value);
              }
            });
  }
}
