package dev.trueup.model.cron;

import dev.trueup.model.value.Parsed;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A subset of systemd's OnCalendar syntax (systemd.time(7)): the shorthands {@code minutely},
 * {@code hourly}, {@code daily}, {@code weekly}, {@code monthly}, {@code yearly}/{@code annually},
 * {@code quarterly}, {@code semiannually}, and {@code [WEEKDAYS] [[YYYY-]MM-DD] [HH:MM[:SS]]}.
 * Weekdays are names ({@code Mon}, {@code Monday}) in lists and {@code ..} ranges; each numeric
 * component is {@code *}, a list, a {@code ..} range, or a repetition {@code 0/15}, {@code
 * 9..17/2}. A missing date means every day, a missing time midnight. Not supported, and refused:
 * {@code ~} (from the end of the month), fractional seconds, a time zone inside the expression, and
 * one-off words such as {@code today}.
 */
final class SystemdCalendar {

  private static final Map<String, String> SHORTHANDS =
      Map.of(
          "minutely", "*-*-* *:*:00",
          "hourly", "*-*-* *:00:00",
          "daily", "*-*-* 00:00:00",
          "weekly", "Mon *-*-* 00:00:00",
          "monthly", "*-*-01 00:00:00",
          "yearly", "*-01-01 00:00:00",
          "annually", "*-01-01 00:00:00",
          "quarterly", "*-01,04,07,10-01 00:00:00",
          "semiannually", "*-01,07-01 00:00:00");

  private static final List<String> WEEKDAYS =
      List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final List<String> WEEKDAYS_LONG =
      List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
  private static final String HINT = "write it like \"Mon..Fri *-*-* 09:00\" or \"daily\"";

  private SystemdCalendar() {}

  static Parsed<CronExpression> parse(String text) {
    String normalized = String.join(" ", text.strip().split("\\s+"));
    if (normalized.isEmpty()) {
      return Parsed.invalid("calendar expression is empty", HINT);
    }
    String lower = normalized.toLowerCase(Locale.ROOT);
    String expanded = normalized;
    if (SHORTHANDS.containsKey(lower)) {
      normalized = lower;
      expanded = SHORTHANDS.get(lower);
    }
    String[] tokens = expanded.split(" ");
    if (tokens.length > 3) {
      return Parsed.invalid(
          "expected at most 3 parts (weekdays, date, time), found " + tokens.length, HINT);
    }
    String weekdays = null;
    String date = null;
    String time = null;
    for (String token : tokens) {
      boolean letter = Character.isLetter(token.charAt(0));
      if (letter && time != null) {
        return Parsed.invalid(
            "a time zone (\"" + token + "\") in the calendar expression is not supported",
            "set the schedule's timezone field instead");
      }
      if (letter && weekdays == null) {
        weekdays = token;
      } else if (token.contains(":") && time == null) {
        time = token;
      } else if (token.contains("-") && date == null && time == null) {
        date = token;
      } else {
        return Parsed.invalid(
            "\"" + token + "\" is not a weekday, date or time, or is out of order", HINT);
      }
    }
    Parsed<Long> weekdayBits =
        weekdays == null ? Parsed.ok(Schedule.ALL_DAYS_OF_WEEK) : weekdays(weekdays);
    if (weekdayBits instanceof Parsed.Invalid<Long> invalid) {
      return invalid.cast();
    }
    String[] dateParts = (date == null ? "*-*-*" : date).split("-", -1);
    if (dateParts.length == 2) {
      dateParts = new String[] {"*", dateParts[0], dateParts[1]};
    }
    if (dateParts.length != 3) {
      return Parsed.invalid("date \"" + date + "\" is not [YYYY-]MM-DD", HINT);
    }
    String[] timeParts = (time == null ? "00:00:00" : time).split(":", -1);
    if (timeParts.length == 2) {
      timeParts = new String[] {timeParts[0], timeParts[1], "00"};
    }
    if (timeParts.length != 3) {
      return Parsed.invalid("time \"" + time + "\" is not HH:MM[:SS]", HINT);
    }
    if (timeParts[2].contains(".")) {
      return Parsed.invalid("fractional seconds in \"" + time + "\" are not supported");
    }
    List<CalendarField> fields = List.of(CalendarField.values());
    String[] values = {
      dateParts[0], dateParts[1], dateParts[2], timeParts[0], timeParts[1], timeParts[2]
    };
    List<BitSet> bits = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      Parsed<BitSet> parsed = fields.get(i).parse(values[i]);
      if (parsed instanceof Parsed.Invalid<BitSet> invalid) {
        return invalid.cast();
      }
      bits.add(parsed.value());
    }
    List<Integer> years = new ArrayList<>();
    BitSet yearBits = bits.get(0);
    int yearCount = CalendarField.YEAR.max - CalendarField.YEAR.min + 1;
    if (yearBits.cardinality() < yearCount) {
      yearBits.stream().forEach(i -> years.add(CalendarField.YEAR.min + i));
    }
    Schedule schedule =
        new Schedule(
            mask(bits.get(5), 0),
            mask(bits.get(4), 0),
            mask(bits.get(3), 0),
            mask(bits.get(2), 1),
            mask(bits.get(1), 1),
            weekdayBits.value(),
            years,
            DayRule.BOTH);
    String never = schedule.neverFiresReason();
    if (never != null) {
      return Parsed.invalid(never);
    }
    return Parsed.ok(new CronExpression(CronDialect.SYSTEMD, normalized, schedule));
  }

  private static long mask(BitSet bits, int offset) {
    return bits.toLongArray().length == 0 ? 0 : bits.toLongArray()[0] << offset;
  }

  /** Weekday names, lists and ranges as bits with 0 for Sunday, e.g. {@code Mon..Fri,Sun}. */
  private static Parsed<Long> weekdays(String text) {
    long mask = 0;
    for (String item : text.split(",", -1)) {
      if (item.isEmpty()) {
        return Parsed.invalid("weekdays \"" + text + "\" have an empty list item");
      }
      int dots = item.indexOf("..");
      int from;
      int to;
      if (dots >= 0) {
        from = weekday(item.substring(0, dots));
        to = weekday(item.substring(dots + 2));
        if (from >= 0 && to >= 0 && from > to) {
          return Parsed.invalid(
              "weekday range " + item + " runs backwards",
              "ranges go from Monday to Sunday; list the days instead");
        }
      } else {
        from = weekday(item);
        to = from;
      }
      if (from < 0 || to < 0) {
        String hint =
            item.contains("-") && !item.startsWith("-")
                ? "write weekday ranges with \"..\", e.g. Mon..Fri"
                : "use Mon, Tue, Wed, Thu, Fri, Sat, Sun";
        return Parsed.invalid("\"" + item + "\" is not a weekday", hint);
      }
      for (int d = from; d <= to; d++) {
        mask |= 1L << (d % 7);
      }
    }
    return Parsed.ok(mask);
  }

  /** 1 (Monday) to 7 (Sunday), or -1. */
  private static int weekday(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int index = WEEKDAYS.indexOf(lower);
    if (index < 0) {
      index = WEEKDAYS_LONG.indexOf(lower);
    }
    return index < 0 ? -1 : index + 1;
  }
}
