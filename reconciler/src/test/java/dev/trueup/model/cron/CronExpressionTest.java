package dev.trueup.model.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.model.value.Parsed;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static CronExpression cron(String text) {
    return CronExpression.parse(text, CronDialect.CRON).value();
  }

  private static Parsed.Invalid<CronExpression> invalid(String text) {
    Parsed<CronExpression> parsed = CronExpression.parse(text, CronDialect.CRON);
    assertThat(parsed).isInstanceOf(Parsed.Invalid.class);
    return (Parsed.Invalid<CronExpression>) parsed;
  }

  private static ZonedDateTime utc(String localDateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), UTC);
  }

  /** The next {@code count} firings after {@code start}, as local date-times. */
  private static List<String> firings(CronExpression e, ZonedDateTime start, int count) {
    List<String> out = new ArrayList<>();
    ZonedDateTime t = start;
    for (int i = 0; i < count; i++) {
      t = e.next(t).orElseThrow();
      out.add(t.toOffsetDateTime().toString());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 6 * * *",
        "*/15 * * * *",
        "1-30/5 0 * * *",
        "0 0 1,15 * *",
        "0 2 * * 0",
        "0 2 * * 7",
        "0 9 * jan-mar mon-fri",
        "0 9 * JAN-Mar MON-FRI",
        "59 23 31 dec *",
        "0 0 29 2 *",
        "0 0 30 4,6,9,11 *",
        "@hourly",
        "@daily",
        "@midnight",
        "@weekly",
        "@monthly",
        "@yearly",
        "@annually"
      })
  void acceptsValidExpressions(String text) {
    assertThat(CronExpression.parse(text, CronDialect.CRON).isOk()).isTrue();
  }

  @Test
  void normalizesWhitespaceAndCase() {
    assertThat(cron("  0   9 *\t* MON-FRI ").text()).isEqualTo("0 9 * * mon-fri");
    assertThat(cron("@Daily").toString()).isEqualTo("@daily");
    assertThat(cron("0 6 * * *").dialect()).isEqualTo(CronDialect.CRON);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 6 * *|expected 5 fields (minute hour day-of-month month day-of-week), found 4",
        "0 0 6 * * *|expected 5 fields (minute hour day-of-month month day-of-week), found 6",
        "0 24 * * *|hour 24 is out of range 0-23",
        "60 * * * *|minute 60 is out of range 0-59",
        "0 0 0 * *|day-of-month 0 is out of range 1-31",
        "0 0 32 * *|day-of-month 32 is out of range 1-31",
        "0 0 * 13 *|month 13 is out of range 1-12",
        "0 0 * * 8|day-of-week 8 is out of range 0-7",
        "*/0 * * * *|minute step 0 must be at least 1",
        "*/x * * * *|minute step \"x\" is not a number",
        "0 5-3 * * *|hour range 5-3 runs backwards",
        "0 0 * * fri-mon|day-of-week range fri-mon runs backwards",
        "0 0 * foo *|month \"foo\" is not a number or name",
        "0 0 * * monday|day-of-week \"monday\" is not a number or name",
        "x * * * *|minute \"x\" is not a number",
        "1,,2 * * * *|minute \"1,,2\" has an empty list item",
        "0 1- * * *|hour range \"1-\" is malformed",
        "5/15 * * * *|minute \"5/15\" steps from a single value",
        "0 0 30 2 *|never fires: February has at most 29 days",
        "0 0 31 4,6,9,11 *|never fires: April, June, September and November have at most 30 days",
        "0 0 31 2,4 *|never fires: February has at most 29 days; April has at most 30 days",
        "@reboot|@reboot is not a schedule: it runs once at boot",
        "@often|unknown cron macro \"@often\"",
        "CRON_TZ=UTC 0 6 * * *|a time zone prefix in the cron expression is not supported",
        "''|cron expression is empty"
      })
  void rejectsWithExactMessages(String text, String message) {
    assertThat(invalid(text).message()).isEqualTo(message);
  }

  @Test
  void hintsExplainHowToFix() {
    assertThat(invalid("@reboot").hint())
        .isEqualTo("manage boot-time tasks as a systemd unit instead");
    assertThat(invalid("5/15 * * * *").hint())
        .isEqualTo("write a range with the step, e.g. \"5-59/15\"");
    assertThat(invalid("0 0 * foo *").hint()).isEqualTo("use 1-12 or jan-dec");
    assertThat(invalid("0 0 * * 8").hint()).isNull();
  }

  @Test
  void nullTextIsInvalid() {
    assertThat(CronExpression.parse(null, CronDialect.CRON).isOk()).isFalse();
  }

  @Test
  void nextFindsTheFollowingMinute() {
    assertThat(firings(cron("*/15 * * * *"), utc("2025-03-01T10:07:30"), 3))
        .containsExactly("2025-03-01T10:15Z", "2025-03-01T10:30Z", "2025-03-01T10:45Z");
    assertThat(cron("0 6 * * *").next(utc("2025-03-01T06:00:00")))
        .contains(utc("2025-03-02T06:00:00"));
    assertThat(firings(cron("1-30/10 0 * * *"), utc("2025-03-01T00:00:00"), 4))
        .containsExactly(
            "2025-03-01T00:01Z", "2025-03-01T00:11Z", "2025-03-01T00:21Z", "2025-03-02T00:01Z");
  }

  @Test
  void nextIsStrictlyAfter() {
    assertThat(cron("0 * * * *").next(utc("2025-01-01T05:00:00")))
        .contains(utc("2025-01-01T06:00:00"));
    assertThat(cron("0 * * * *").next(utc("2025-01-01T04:59:59.5")))
        .contains(utc("2025-01-01T05:00:00"));
  }

  @Test
  void macrosExpand() {
    ZonedDateTime start = utc("2025-05-14T12:34:00"); // a Wednesday
    assertThat(cron("@hourly").next(start)).contains(utc("2025-05-14T13:00:00"));
    assertThat(cron("@daily").next(start)).contains(utc("2025-05-15T00:00:00"));
    assertThat(cron("@weekly").next(start)).contains(utc("2025-05-18T00:00:00"));
    assertThat(cron("@monthly").next(start)).contains(utc("2025-06-01T00:00:00"));
    assertThat(cron("@annually").next(start)).contains(utc("2026-01-01T00:00:00"));
  }

  @Test
  void sundayIsZeroOrSeven() {
    ZonedDateTime start = utc("2025-05-14T12:00:00");
    assertThat(cron("0 2 * * 7").next(start)).isEqualTo(cron("0 2 * * 0").next(start));
    assertThat(cron("0 2 * * sun").next(start)).contains(utc("2025-05-18T02:00:00"));
  }

  @Test
  void dayOfMonthOrDayOfWeekWhenBothRestricted() {
    // Vixie: the 13th OR any Friday.
    assertThat(firings(cron("0 0 13 * fri"), utc("2025-06-01T00:00:00"), 3))
        .containsExactly("2025-06-06T00:00Z", "2025-06-13T00:00Z", "2025-06-20T00:00Z");
    // "*/2" counts as unrestricted: odd days AND Mondays.
    assertThat(firings(cron("0 0 */2 * mon"), utc("2025-06-01T00:00:00"), 2))
        .containsExactly("2025-06-09T00:00Z", "2025-06-23T00:00Z");
  }

  @Test
  void leapDayFiresInLeapYears() {
    assertThat(cron("0 0 29 2 *").next(utc("2025-01-01T00:00:00")))
        .contains(utc("2028-02-29T00:00:00"));
  }

  @Test
  void nextIsEmptyBeyondTheSearchWindow() {
    CronExpression leap = cron("0 0 29 2 *");
    assertThat(leap.next(utc("2096-03-01T00:00:00")))
        .isEqualTo(Optional.empty()); // 2100 is no leap year
  }

  @Test
  void springForwardGapFiresWhenTheGapEnds() {
    // 2025-03-09 02:00 EST jumps to 03:00 EDT in New York.
    ZonedDateTime before = ZonedDateTime.of(2025, 3, 9, 1, 0, 0, 0, NEW_YORK);
    ZonedDateTime fired = cron("30 2 * * *").next(before).orElseThrow();
    assertThat(fired.toOffsetDateTime().toString()).isEqualTo("2025-03-09T03:00-04:00");
    assertThat(cron("30 2 * * *").next(fired).orElseThrow().toOffsetDateTime().toString())
        .isEqualTo("2025-03-10T02:30-04:00");
    // Every-quarter-hour: the skipped hour collapses into one firing at 03:00.
    assertThat(firings(cron("*/15 * * * *"), before.plusMinutes(40), 4))
        .containsExactly(
            "2025-03-09T01:45-05:00",
            "2025-03-09T03:00-04:00",
            "2025-03-09T03:15-04:00",
            "2025-03-09T03:30-04:00");
  }

  @Test
  void fallBackOverlapFiresOnce() {
    // 2025-11-02 02:00 EDT falls back to 01:00 EST: 01:30 happens twice.
    ZonedDateTime before = ZonedDateTime.of(2025, 11, 2, 0, 0, 0, 0, NEW_YORK);
    CronExpression e = cron("30 1 * * *");
    ZonedDateTime first = e.next(before).orElseThrow();
    assertThat(first.toOffsetDateTime().toString()).isEqualTo("2025-11-02T01:30-04:00");
    assertThat(e.next(first).orElseThrow().toOffsetDateTime().toString())
        .isEqualTo("2025-11-03T01:30-05:00");
  }

  @Test
  void resultIsInTheZoneOfTheArgument() {
    ZonedDateTime start = ZonedDateTime.of(2025, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Berlin"));
    ZonedDateTime next = cron("0 6 * * *").next(start).orElseThrow();
    assertThat(next.getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(next.toLocalDateTime().toString()).isEqualTo("2025-07-02T06:00");
  }

  @Test
  void equalityFollowsDialectAndText() {
    assertThat(cron("0 6 * * *"))
        .isEqualTo(cron("0  6 * * *"))
        .hasSameHashCodeAs(cron("0 6 * * *"));
    assertThat(cron("@daily")).isNotEqualTo(cron("0 0 * * *"));
  }

  @Test
  void valueOfInvalidThrows() {
    assertThatThrownBy(() -> CronExpression.parse("0 24 * * *", CronDialect.CRON).value())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hour 24 is out of range 0-23");
  }
}
