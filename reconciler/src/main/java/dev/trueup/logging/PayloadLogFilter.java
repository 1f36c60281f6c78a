package dev.trueup.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Drops DEBUG and TRACE events of libraries that log whole request payloads — container create
 * commands with their environment, HTTP wire dumps — because those payloads carry resolved secret
 * values. It is a turbo filter, so no logger level, however verbose, lets them through (the secret
 * canary test turns everything to TRACE and checks).
 */
public final class PayloadLogFilter extends TurboFilter {
  private static final List<String> PAYLOAD_LOGGERS =
      List.of(
          "com.github.dockerjava",
          "org.apache.hc",
          "io.fabric8",
          "okhttp3",
          "net.schmizz",
          "com.hierynomus",
          "org.eclipse.jgit.transport",
          "jdk.internal.httpclient",
          "org.eclipse.angus",
          "jakarta.mail");

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.isGreaterOrEqual(Level.INFO)) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    for (String prefix : PAYLOAD_LOGGERS) {
      if (name.startsWith(prefix)) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
