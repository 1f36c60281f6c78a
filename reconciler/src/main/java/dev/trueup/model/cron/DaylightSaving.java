package dev.trueup.model.cron;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which runs of a schedule fall into a daylight-saving change of its time zone, and what the node's
 * scheduler then does. That is the scheduler's behaviour, not {@link CronExpression#next}'s: a cron
 * daemon evaluating {@code CRON_TZ} minute by minute never sees a local time skipped by the spring
 * change (the run is lost) and sees one of the autumn change twice (it runs twice when the node's
 * own clock is in another zone); a systemd timer skips the first and runs the second once.
 * Schedules that run in every hour are left out: there the change costs or adds one run of many.
 */
public final class DaylightSaving {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter CLOCK_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final int SHOWN_TIMES = 3;
  private static final LocalTime LAST_SECOND = LocalTime.of(23, 59, 59);

  private DaylightSaving() {}

  /** A warning about a schedule: what happens on which days, and what to do instead. */
  public record Warning(String message, String hint) {}

  /** The changes of {@code zone} from {@code from} to {@code until} that meet runs of {@code e}. */
  public static Optional<Warning> between(
      CronExpression e, ZoneId zone, Instant from, Instant until) {
    Schedule schedule = e.schedule();
    if (schedule.everyHour()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    String window = null;
    for (ZoneOffsetTransition tr = zone.getRules().nextTransition(from);
        tr != null && tr.getInstant().isBefore(until);
        tr = zone.getRules().nextTransition(tr.getInstant())) {
      LocalDateTime start = tr.isGap() ? tr.getDateTimeBefore() : tr.getDateTimeAfter();
      LocalDateTime end = tr.isGap() ? tr.getDateTimeAfter() : tr.getDateTimeBefore();
      List<LocalTime> runs = runs(schedule, start, end);
      if (runs.isEmpty()) {
        continue;
      }
      if (window == null) {
        window = clock(start.toLocalTime()) + "-" + clock(end.toLocalTime());
      }
      boolean several = runs.size() > 1;
      String head =
          "on "
              + start.toLocalDate()
              + " the clocks "
              + (tr.isGap() ? "jump" : "go back")
              + " from "
              + clock(tr.getDateTimeBefore().toLocalTime())
              + " to "
              + clock(tr.getDateTimeAfter().toLocalTime())
              + ": ";
      parts.add(
          tr.isGap()
              ? head + "there is no " + times(runs) + ", and " + e.dialect().inGap(several)
              : head
                  + times(runs)
                  + (several ? " come" : " comes")
                  + " twice, and "
                  + e.dialect().inOverlap(several, zone));
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Warning(
            "runs in a daylight-saving change of " + zone.getId() + ": " + String.join("; ", parts),
            "move it out of " + window + " local time, or set timezone: UTC"));
  }

  /** The firing times of day in the local window [start, end), in order. */
  private static List<LocalTime> runs(Schedule schedule, LocalDateTime start, LocalDateTime end) {
    List<LocalTime> out = new ArrayList<>();
    LocalDate last = end.toLocalDate();
    for (LocalDate date = start.toLocalDate(); !date.isAfter(last); date = date.plusDays(1)) {
      if (!schedule.matchesDate(date)) {
        continue;
      }
      LocalTime t = date.equals(start.toLocalDate()) ? start.toLocalTime() : LocalTime.MIDNIGHT;
      for (LocalTime run = schedule.firstTimeAtOrAfter(t);
          run != null && LocalDateTime.of(date, run).isBefore(end);
          run = run.equals(LAST_SECOND) ? null : schedule.firstTimeAtOrAfter(run.plusSeconds(1))) {
        out.add(run);
      }
    }
    return out;
  }

  private static String times(List<LocalTime> runs) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < Math.min(SHOWN_TIMES, runs.size()); i++) {
      shown.add(clock(runs.get(i)));
    }
    if (runs.size() > SHOWN_TIMES) {
      return String.join(", ", shown) + " and " + (runs.size() - SHOWN_TIMES) + " more";
    }
    if (shown.size() == 1) {
      return shown.getFirst();
    }
    return String.join(", ", shown.subList(0, shown.size() - 1)) + " and " + shown.getLast();
  }

  private static String clock(LocalTime t) {
    return t.getSecond() == 0 ? CLOCK.format(t) : CLOCK_SECONDS.format(t);
  }
}
