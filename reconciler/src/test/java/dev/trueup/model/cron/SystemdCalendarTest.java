package dev.trueup.model.cron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.value.Parsed;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SystemdCalendarTest {

  private static final ZoneId UTC = ZoneId.of("UTC");

  private static CronExpression calendar(String text) {
    return CronExpression.parse(text, CronDialect.SYSTEMD).value();
  }

  private static ZonedDateTime utc(String local) {
    return ZonedDateTime.of(LocalDateTime.parse(local), UTC);
  }

  private static List<String> firings(String text, String start, int count) {
    CronExpression e = calendar(text);
    List<String> out = new ArrayList<>();
    ZonedDateTime t = utc(start);
    for (int i = 0; i < count; i++) {
      t = e.next(t).orElseThrow();
      out.add(t.toLocalDateTime().toString());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "minutely",
        "hourly",
        "daily",
        "weekly",
        "monthly",
        "yearly",
        "annually",
        "quarterly",
        "semiannually",
        "Daily",
        "*-*-* 06:00:00",
        "Mon..Fri *-*-* 09:00",
        "Sat,Sun 10:00",
        "monday 2025-01-06 08:00",
        "Mon",
        "*-*-01",
        "2025-*-* 00:00",
        "12-25 07:30",
        "*:0/15",
        "*-*-* 9..17/2:00:00",
        "2024..2030/2-02-29 00:00",
        "*-02-29 12:00"
      })
  void acceptsTheSupportedSubset(String text) {
    assertThat(CronExpression.parse(text, CronDialect.SYSTEMD).isOk()).isTrue();
  }

  @Test
  void keepsTheNormalizedText() {
    assertThat(calendar(" Mon..Fri   *-*-*  09:00 ").text()).isEqualTo("Mon..Fri *-*-* 09:00");
    assertThat(calendar("Daily").text()).isEqualTo("daily");
    assertThat(calendar("daily").dialect()).isEqualTo(CronDialect.SYSTEMD);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "minutely|2025-05-14T12:00:30|2025-05-14T12:01, 2025-05-14T12:02",
        "hourly|2025-05-14T12:00:00|2025-05-14T13:00, 2025-05-14T14:00",
        "daily|2025-05-14T12:00:00|2025-05-15T00:00, 2025-05-16T00:00",
        "weekly|2025-05-14T12:00:00|2025-05-19T00:00, 2025-05-26T00:00",
        "monthly|2025-05-14T12:00:00|2025-06-01T00:00, 2025-07-01T00:00",
        "quarterly|2025-05-14T12:00:00|2025-07-01T00:00, 2025-10-01T00:00",
        "semiannually|2025-05-14T12:00:00|2025-07-01T00:00, 2026-01-01T00:00",
        "yearly|2025-05-14T12:00:00|2026-01-01T00:00, 2027-01-01T00:00",
        "Mon..Fri *-*-* 09:00|2025-05-16T10:00:00|2025-05-19T09:00, 2025-05-20T09:00",
        "Sat,Sun 10:00|2025-05-14T00:00:00|2025-05-17T10:00, 2025-05-18T10:00",
        "*:0/20|2025-05-14T12:05:00|2025-05-14T12:20, 2025-05-14T12:40",
        "*-*-* 9..17/4:00|2025-05-14T12:00:00|2025-05-14T13:00, 2025-05-14T17:00",
        "*-*-* 12:00:30|2025-05-14T12:00:00|2025-05-14T12:00:30, 2025-05-15T12:00:30",
        "2024..2040/2-02-29 00:00|2025-01-01T00:00:00|2028-02-29T00:00, 2032-02-29T00:00"
      })
  void nextFiring(String text, String start, String expected) {
    assertThat(firings(text, start, 2)).isEqualTo(List.of(expected.split(", ")));
  }

  @Test
  void weekdayAndDateMustBothMatch() {
    // Unlike cron, systemd requires both: the 13th that is a Friday.
    assertThat(firings("Fri *-*-13 00:00", "2025-01-01T00:00:00", 2))
        .containsExactly("2025-06-13T00:00", "2026-02-13T00:00");
  }

  @Test
  void explicitYearsRunOut() {
    CronExpression leap = calendar("2024..2030/2-02-29 00:00");
    assertThat(leap.next(utc("2025-01-01T00:00:00"))).contains(utc("2028-02-29T00:00:00"));
    assertThat(leap.next(utc("2028-02-29T00:00:00"))).isEmpty();
    assertThat(calendar("2025-06-01 00:00").next(utc("2025-06-01T00:00:00"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "*-*-* 24:00|hour 24 is out of range 0-23",
        "*-*-* 12:60|minute 60 is out of range 0-59",
        "*-*-* 12:00:61|second 61 is out of range 0-59",
        "*-13-01|month 13 is out of range 1-12",
        "*-*-32|day 32 is out of range 1-31",
        "1900-01-01|year 1900 is out of range 1970-2199",
        "*-*-* 5..3:00|hour range 5..3 runs backwards",
        "*:0/0|minute repetition 0 must be at least 1",
        "*:*/15|minute \"*/15\" repeats from '*', which is not supported",
        "*-*-* 1,,2:00|hour \"1,,2\" has an empty list item",
        "*-*-* ab:00|hour \"ab\" is not a number",
        "Mon ab:00|hour \"ab\" is not a number",
        "*-*-* Mon|\"Mon\" is not a weekday, date or time, or is out of order",
        "*-02~03|\"~\" (days from the end of the month) is not supported",
        "*-*-* 00:00:00.5|fractional seconds in \"00:00:00.5\" are not supported",
        "*-*-* 00:00 UTC|a time zone (\"UTC\") in the calendar expression is not supported",
        "*-*-* 00:00 Europe/Berlin|a time zone (\"Europe/Berlin\") in the calendar expression is"
            + " not supported",
        "Funday 00:00|\"Funday\" is not a weekday",
        "Mon-Fri 00:00|\"Mon-Fri\" is not a weekday",
        "Fri..Mon|weekday range Fri..Mon runs backwards",
        "Mon *-*-* 00:00 extra|expected at most 3 parts (weekdays, date, time), found 4",
        "00:00 *-*-*|\"*-*-*\" is not a weekday, date or time, or is out of order",
        "1-2-3-4|date \"1-2-3-4\" is not [YYYY-]MM-DD",
        "1:2:3:4|time \"1:2:3:4\" is not HH:MM[:SS]",
        "*-02-30|never fires: February has at most 29 days",
        "2025-02-29|never fires: the date does not exist in the selected years",
        "Mon 2025-01-07|never fires: the date never falls on Monday",
        "''|calendar expression is empty"
      })
  void rejectsWithExactMessages(String text, String message) {
    Parsed<CronExpression> parsed = CronExpression.parse(text, CronDialect.SYSTEMD);
    assertThat(parsed).isInstanceOf(Parsed.Invalid.class);
    assertThat(((Parsed.Invalid<CronExpression>) parsed).message()).isEqualTo(message);
  }

  @Test
  void hints() {
    assertThat(hint("Mon-Fri 00:00")).isEqualTo("write weekday ranges with \"..\", e.g. Mon..Fri");
    assertThat(hint("*-*-* 00:00 UTC")).isEqualTo("set the schedule's timezone field instead");
    assertThat(hint("*:*/15")).isEqualTo("start from a value, e.g. \"0/15\"");
  }

  private static String hint(String text) {
    return ((Parsed.Invalid<CronExpression>) CronExpression.parse(text, CronDialect.SYSTEMD))
        .hint();
  }

  @Test
  void lastFiringOfADateLimitedToYears() {
    assertThat(calendar("2025-06-01 10:00").lastFiring(UTC)).contains(utc("2025-06-01T10:00:00"));
    assertThat(calendar("2024,2025-*-01 09:00").lastFiring(UTC))
        .contains(utc("2025-12-01T09:00:00"));
    assertThat(calendar("Mon 2030-*-* 08..17/3:00").lastFiring(UTC))
        .contains(utc("2030-12-30T17:00:00"));
    assertThat(calendar("2025-06-01 10:00").lastFiring(ZoneId.of("Europe/Berlin")).orElseThrow())
        .isEqualTo(
            ZonedDateTime.of(
                LocalDateTime.parse("2025-06-01T10:00:00"), ZoneId.of("Europe/Berlin")));
  }

  @Test
  void anExpressionForEveryYearHasNoLastFiring() {
    assertThat(calendar("daily").lastFiring(UTC)).isEmpty();
    assertThat(calendar("*-12-25 08:00").lastFiring(UTC)).isEmpty();
    assertThat(CronExpression.parse("0 6 * * *", CronDialect.CRON).value().lastFiring(UTC))
        .isEmpty();
  }
}
