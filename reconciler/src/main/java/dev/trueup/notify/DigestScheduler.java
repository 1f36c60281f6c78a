package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;

/**
 * When the daily digest and the weekly summary are due, in the fleet's time zone, and what goes
 * into them. Pure: time comes from the clock it is given.
 *
 * <p>Times are wall-clock times in the zone: the digest at 07:00 comes at 07:00 local time on both
 * sides of a daylight-saving change (so a window may be 23 or 25 hours long). A time that does not
 * exist on a day (skipped by a spring-forward gap) is taken as the first instant after the gap.
 */
public final class DigestScheduler {

  /** The two periodic notifications, and the level each one collects. */
  public enum Kind {
    DAILY(AlertLevel.MEDIUM, "daily digest"),
    WEEKLY(AlertLevel.LOW, "weekly summary");

    private final AlertLevel level;
    private final String label;

    Kind(AlertLevel level, String label) {
      this.level = level;
      this.label = label;
    }

    public AlertLevel level() {
      return level;
    }

    public String label() {
      return label;
    }
  }

  private final ZoneId zone;
  private final LocalTime dailyAt;
  private final DayOfWeek weeklyDay;
  private final LocalTime weeklyAt;
  private final Clock clock;

  /**
   * @param daily {@code HH:MM}, e.g. {@code 07:00}
   * @param weekly {@code <weekday> HH:MM}, e.g. {@code monday 09:00}
   */
  public DigestScheduler(ZoneId zone, String daily, String weekly, Clock clock) {
    this.zone = zone;
    this.clock = clock;
    this.dailyAt = time(daily, "daily");
    String[] parts = weekly.trim().split("\\s+");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "weekly digest time '" + weekly + "' is not '<weekday> HH:MM', e.g. 'monday 09:00'");
    }
    try {
      this.weeklyDay = DayOfWeek.valueOf(parts[0].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "weekly digest day '" + parts[0] + "' is not a weekday (monday ... sunday)");
    }
    this.weeklyAt = time(parts[1], "weekly");
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first time the digest of this kind is due strictly after now. */
  public ZonedDateTime nextDue(Kind kind) {
    Instant now = clock.instant();
    ZonedDateTime last = lastDue(kind, now);
    return following(kind, last);
  }

  /** The latest time the digest of this kind was due at or before now. */
  public ZonedDateTime lastDue(Kind kind) {
    return lastDue(kind, clock.instant());
  }

  /**
   * The window a digest due at {@code due} covers: from the previous due time up to {@code due}.
   */
  public Window window(Kind kind, ZonedDateTime due) {
    return new Window(kind, preceding(kind, due).toInstant(), due);
  }

  /** The digest due at {@code due}, from the events logged in its window (others are ignored). */
  public Digest build(Kind kind, ZonedDateTime due, List<LoggedEvent> logged) {
    Window w = window(kind, due);
    List<LoggedEvent> in = logged.stream().filter(e -> w.contains(e.at())).toList();
    return new Digest(kind, w, in);
  }

  /** [from, to) in instants; {@code due} is the wall-clock time it was sent for. */
  public record Window(Kind kind, Instant from, ZonedDateTime due) {
    public Instant to() {
      return due.toInstant();
    }

    public boolean contains(Instant t) {
      return !t.isBefore(from) && t.isBefore(to());
    }

    /** A stable name for the window, e.g. {@code daily:2026-03-30} or {@code weekly:2026-03-30}. */
    public String bucket() {
      return kind.name().toLowerCase(Locale.ROOT) + ":" + due.toLocalDate();
    }
  }

  private ZonedDateTime lastDue(Kind kind, Instant now) {
    ZonedDateTime local = now.atZone(zone);
    ZonedDateTime candidate = at(kind, local.toLocalDate());
    if (kind == Kind.WEEKLY) {
      candidate = at(kind, local.toLocalDate().with(TemporalAdjusters.previousOrSame(weeklyDay)));
    }
    while (candidate.toInstant().isAfter(now)) {
      candidate = preceding(kind, candidate);
    }
    return candidate;
  }

  private ZonedDateTime following(Kind kind, ZonedDateTime due) {
    return at(kind, due.toLocalDate().plusDays(kind == Kind.DAILY ? 1 : 7));
  }

  private ZonedDateTime preceding(Kind kind, ZonedDateTime due) {
    return at(kind, due.toLocalDate().minusDays(kind == Kind.DAILY ? 1 : 7));
  }

  private ZonedDateTime at(Kind kind, LocalDate date) {
    // ZonedDateTime.of moves a time in a gap forward by the gap's length and picks the earlier
    // offset in an overlap: the digest is sent once, at the first moment the wall clock shows it.
    return ZonedDateTime.of(date, kind == Kind.DAILY ? dailyAt : weeklyAt, zone);
  }

  private static LocalTime time(String text, String which) {
    try {
      return LocalTime.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          which + " digest time '" + text + "' is not HH:MM, e.g. '07:00'");
    }
  }
}
