package dev.trueup.model.cron;

import dev.trueup.model.value.Parsed;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated schedule in one of the {@link CronDialect}s. It keeps the user's text (normalized:
 * single spaces, cron in lower case) because that text is what gets rendered onto the node; the
 * parsed form serves validation and {@link #next}.
 */
public final class CronExpression {

  private static final LocalTime LAST_SECOND = LocalTime.of(23, 59, 59);
  private static final int SEARCH_YEARS = 5;

  private final CronDialect dialect;
  private final String text;
  private final Schedule schedule;

  CronExpression(CronDialect dialect, String text, Schedule schedule) {
    this.dialect = Objects.requireNonNull(dialect);
    this.text = Objects.requireNonNull(text);
    this.schedule = Objects.requireNonNull(schedule);
  }

  public static Parsed<CronExpression> parse(String text, CronDialect dialect) {
    if (text == null) {
      return Parsed.invalid("schedule is empty");
    }
    return dialect.parse(text);
  }

  public CronDialect dialect() {
    return dialect;
  }

  /** The normalized text, e.g. {@code 0 6 * * *} or {@code Mon..Fri *-*-* 09:00}. */
  public String text() {
    return text;
  }

  /**
   * The first firing strictly after {@code after}, in its zone, within five years. Local times are
   * what the expression names: a time skipped by a daylight-saving jump fires when the jump ends (a
   * cron daemon's rule for jobs in its own zone), and a time that occurs twice fires once, at its
   * first occurrence. This is trueup's reading, not what a node does with the rendered cron file or
   * timer: see {@link DaylightSaving} for that.
   */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    ZoneId zone = after.getZone();
    Instant afterInstant = after.toInstant();
    LocalDateTime start = after.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    LocalDate limit = start.toLocalDate().plusYears(SEARCH_YEARS);
    LocalTime from = start.toLocalTime();
    for (LocalDate date = start.toLocalDate(); !date.isAfter(limit); date = date.plusDays(1)) {
      if (schedule.matchesDate(date)) {
        for (LocalTime t = schedule.firstTimeAtOrAfter(from); t != null; ) {
          Instant instant = resolve(LocalDateTime.of(date, t), zone);
          if (instant.isAfter(afterInstant)) {
            return Optional.of(ZonedDateTime.ofInstant(instant, zone));
          }
          t = t.equals(LAST_SECOND) ? null : schedule.firstTimeAtOrAfter(t.plusSeconds(1));
        }
      }
      from = LocalTime.MIDNIGHT;
    }
    return Optional.empty();
  }

  /**
   * The last firing of an expression limited to certain years ({@code 2025-06-01 10:00} in the
   * systemd dialect), or empty when it repeats for ever. Once that moment is past, the expression
   * never fires again.
   */
  public Optional<ZonedDateTime> lastFiring(ZoneId zone) {
    List<Integer> years = schedule.years();
    for (int i = years.size() - 1; i >= 0; i--) {
      LocalDate first = LocalDate.of(years.get(i), 1, 1);
      for (LocalDate d = first.plusYears(1).minusDays(1); !d.isBefore(first); d = d.minusDays(1)) {
        if (schedule.matchesDate(d)) {
          Instant instant = resolve(LocalDateTime.of(d, schedule.lastTimeOfDay()), zone);
          return Optional.of(ZonedDateTime.ofInstant(instant, zone));
        }
      }
    }
    return Optional.empty();
  }

  Schedule schedule() {
    return schedule;
  }

  static Instant resolve(LocalDateTime local, ZoneId zone) {
    if (zone.getRules().getValidOffsets(local).isEmpty()) {
      ZoneOffsetTransition gap = zone.getRules().getTransition(local);
      return gap.getInstant();
    }
    // ZonedDateTime.of picks the earlier offset in an overlap: the first occurrence.
    return ZonedDateTime.of(local, zone).toInstant();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronExpression other && dialect == other.dialect && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dialect, text);
  }

  @Override
  public String toString() {
    return text;
  }
}
