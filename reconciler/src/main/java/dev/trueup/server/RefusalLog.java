package dev.trueup.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Security log lines for refused deliveries, at most one a second per forge and kind of refusal;
 * the next line says how many like it were left out.
 *
 * <p>WHY: every refusal is worth a line, but a client that opens a thousand connections a second
 * must not get a thousand lines a second written to the log (disk, log shipping, the console the
 * health checks share).
 */
final class RefusalLog {
  private static final Duration EVERY = Duration.ofSeconds(1);

  private record Window(Instant start, int suppressed) {}

  private final Logger log;
  private final Clock clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  RefusalLog(Logger log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /**
   * Logs {@code "<what> a <forge> webhook from <from>: <why>"} unless a line of the same kind was
   * logged less than a second ago.
   *
   * @param kind what groups lines, e.g. {@code "unauthorized"}
   */
  void warn(String forge, String kind, String what, String from, String why) {
    Instant now = clock.instant();
    int[] left = {-1};
    windows.compute(
        forge + ":" + kind,
        (k, w) -> {
          if (w == null || !now.isBefore(w.start().plus(EVERY))) {
            left[0] = w == null ? 0 : w.suppressed();
            return new Window(now, 0);
          }
          return new Window(w.start(), w.suppressed() + 1);
        });
    if (left[0] < 0) {
      return;
    }
    if (left[0] == 0) {
      log.warn("{} a {} webhook from {}: {}", what, forge, from, why);
    } else {
      log.warn(
          "{} a {} webhook from {}: {} ({} more like it since the last such line not logged)",
          what,
          forge,
          from,
          why,
          left[0]);
    }
  }
}
