package dev.trueup.model.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaylightSavingTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2027-01-01T00:00:00Z");

  private static Optional<DaylightSaving.Warning> warning(
      String text, CronDialect dialect, ZoneId zone) {
    return DaylightSaving.between(CronExpression.parse(text, dialect).value(), zone, FROM, UNTIL);
  }

  @Test
  void aCronRunInTheSpringGapIsSkippedAndOneInTheAutumnOverlapMayRunTwice() {
    DaylightSaving.Warning w = warning("30 2 * * *", CronDialect.CRON, BERLIN).orElseThrow();
    assertThat(w.message())
        .isEqualTo(
            "runs in a daylight-saving change of Europe/Berlin: on 2026-03-29 the clocks jump"
                + " from 02:00 to 03:00: there is no 02:30, and cron skips that run; on 2026-10-25"
                + " the clocks go back from 03:00 to 02:00: 02:30 comes twice, and cron runs it"
                + " twice unless the node's own clock is set to Europe/Berlin");
    assertThat(w.hint()).isEqualTo("move it out of 02:00-03:00 local time, or set timezone: UTC");
  }

  @Test
  void aSystemdTimerSkipsTheGapAndRunsTheRepeatedTimeOnce() {
    assertThat(warning("*-*-* 02:30:00", CronDialect.SYSTEMD, BERLIN).orElseThrow().message())
        .isEqualTo(
            "runs in a daylight-saving change of Europe/Berlin: on 2026-03-29 the clocks jump"
                + " from 02:00 to 03:00: there is no 02:30, and systemd skips that run; on"
                + " 2026-10-25 the clocks go back from 03:00 to 02:00: 02:30 comes twice, and"
                + " systemd runs it once");
  }

  @Test
  void onlyTheDaysTheScheduleRunsOnAreNamed() {
    // Sundays at 02:00: both Berlin changes of 2026 fall on a Sunday at 02:00.
    assertThat(warning("0 2 * * 0", CronDialect.CRON, BERLIN)).isPresent();
    // Saturdays never meet them; the 1st of the month neither.
    assertThat(warning("0 2 * * 6", CronDialect.CRON, BERLIN)).isEmpty();
    assertThat(warning("30 2 1 * *", CronDialect.CRON, BERLIN)).isEmpty();
    // Only in March: the autumn change is not mentioned.
    assertThat(warning("30 2 * 3 *", CronDialect.CRON, BERLIN).orElseThrow().message())
        .contains("2026-03-29")
        .doesNotContain("2026-10-25");
  }

  @Test
  void severalRunsInTheHourAreCountedNotAllListed() {
    assertThat(warning("*/15 2 * * *", CronDialect.CRON, BERLIN).orElseThrow().message())
        .contains("there is no 02:00, 02:15, 02:30 and 1 more, and cron skips those runs")
        .contains("02:00, 02:15, 02:30 and 1 more come twice, and cron runs them twice");
  }

  @Test
  void schedulesOutsideTheChangeOrInEveryHourOrInAZoneWithoutChangesAreQuiet() {
    assertThat(warning("30 3 * * *", CronDialect.CRON, BERLIN)).isEmpty();
    assertThat(warning("30 1 * * *", CronDialect.CRON, BERLIN)).isEmpty();
    // Every hour: the change costs or adds one run among many; nobody wants a warning for that.
    assertThat(warning("*/5 * * * *", CronDialect.CRON, BERLIN)).isEmpty();
    assertThat(warning("hourly", CronDialect.SYSTEMD, BERLIN)).isEmpty();
    assertThat(warning("30 2 * * *", CronDialect.CRON, ZoneId.of("UTC"))).isEmpty();
    assertThat(warning("30 2 * * *", CronDialect.CRON, ZoneId.of("Asia/Tokyo"))).isEmpty();
  }

  @Test
  void aChangeAtMidnightIsFoundToo() {
    // Chile moves from 24:00 to 01:00 in September: a daily midnight run does not exist that day.
    assertThat(
            warning("0 0 * * *", CronDialect.CRON, ZoneId.of("America/Santiago"))
                .orElseThrow()
                .message())
        .contains("on 2026-09-06 the clocks jump from 00:00 to 01:00: there is no 00:00");
  }

  @Test
  void onlyTheWindowAskedAboutCounts() {
    CronExpression e = CronExpression.parse("30 2 * * *", CronDialect.CRON).value();
    assertThat(
            DaylightSaving.between(
                e,
                BERLIN,
                Instant.parse("2026-04-01T00:00:00Z"),
                Instant.parse("2026-10-01T00:00:00Z")))
        .isEmpty();
  }
}
