package dev.trueup.model.cron;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The firing times of a calendar expression, independent of how they were written: one bit per
 * allowed value. Days of week are 0-6 with 0 for Sunday; days of month and months start at bit 1.
 *
 * @param years the allowed years in ascending order, or empty for every year
 */
record Schedule(
    long seconds,
    long minutes,
    long hours,
    long daysOfMonth,
    long months,
    long daysOfWeek,
    List<Integer> years,
    DayRule dayRule) {

  static final long ALL_DAYS_OF_MONTH = range(1, 31);
  static final long ALL_DAYS_OF_WEEK = range(0, 6);

  Schedule {
    years = List.copyOf(years);
  }

  /** Bits {@code from..to} inclusive. */
  static long range(int from, int to) {
    long mask = 0;
    for (int i = from; i <= to; i++) {
      mask |= 1L << i;
    }
    return mask;
  }

  /** The lowest set bit at or above {@code from}, or -1. */
  static int nextBit(long mask, int from) {
    if (from >= 64) {
      return -1;
    }
    long rest = mask & (-1L << from);
    return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
  }

  static boolean has(long mask, int bit) {
    return (mask & (1L << bit)) != 0;
  }

  boolean matchesDate(LocalDate date) {
    if (!years.isEmpty() && !years.contains(date.getYear())) {
      return false;
    }
    return has(months, date.getMonthValue())
        && dayRule.matches(
            has(daysOfMonth, date.getDayOfMonth()),
            has(daysOfWeek, date.getDayOfWeek().getValue() % 7));
  }

  /** The first firing time of day at or after {@code t}, or null when none is left that day. */
  LocalTime firstTimeAtOrAfter(LocalTime t) {
    for (int h = nextBit(hours, t.getHour()); h >= 0; h = nextBit(hours, h + 1)) {
      int fromMinute = h == t.getHour() ? t.getMinute() : 0;
      for (int m = nextBit(minutes, fromMinute); m >= 0; m = nextBit(minutes, m + 1)) {
        int fromSecond = h == t.getHour() && m == t.getMinute() ? t.getSecond() : 0;
        int s = nextBit(seconds, fromSecond);
        if (s >= 0) {
          return LocalTime.of(h, m, s);
        }
      }
    }
    return null;
  }

  /** The latest firing time of a day (every matching date has every time). */
  LocalTime lastTimeOfDay() {
    return LocalTime.of(highestBit(hours), highestBit(minutes), highestBit(seconds));
  }

  private static int highestBit(long mask) {
    return 63 - Long.numberOfLeadingZeros(mask);
  }

  /** Whether it fires in every hour of the day: a daylight-saving hour costs or adds one run. */
  boolean everyHour() {
    return hours == range(0, 23);
  }

  /** Why no date can ever match, or null when some date does. */
  String neverFiresReason() {
    if (dayRule == DayRule.BOTH && daysOfMonth != ALL_DAYS_OF_MONTH) {
      int firstDay = nextBit(daysOfMonth, 1);
      Map<Integer, List<String>> tooShort = new TreeMap<>();
      boolean anyLongEnough = false;
      for (Month month : Month.values()) {
        if (has(months, month.getValue())) {
          if (month.maxLength() < firstDay) {
            tooShort
                .computeIfAbsent(month.maxLength(), k -> new ArrayList<>())
                .add(month.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
          } else {
            anyLongEnough = true;
          }
        }
      }
      if (!anyLongEnough) {
        List<String> parts = new ArrayList<>();
        tooShort.forEach(
            (length, names) ->
                parts.add(
                    joinAnd(names)
                        + (names.size() == 1 ? " has" : " have")
                        + " at most "
                        + length
                        + " days"));
        return "never fires: " + String.join("; ", parts);
      }
    }
    boolean constrained =
        !years.isEmpty() || (dayRule == DayRule.BOTH && daysOfWeek != ALL_DAYS_OF_WEEK);
    if (constrained && !anyDateMatches()) {
      if (daysOfWeek == ALL_DAYS_OF_WEEK) {
        return "never fires: the date does not exist in the selected years";
      }
      return "never fires: the date never falls on "
          + joinOr(
              weekdays().stream()
                  .map(d -> d.getDisplayName(TextStyle.FULL, Locale.ENGLISH))
                  .toList());
    }
    return null;
  }

  private boolean anyDateMatches() {
    // 2000-2027 holds every combination of leap year and weekday of 1 January.
    List<Integer> scan = years.isEmpty() ? IntStream.range(2000, 2028).boxed().toList() : years;
    for (int year : scan) {
      for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
        if (matchesDate(d)) {
          return true;
        }
      }
    }
    return false;
  }

  private List<DayOfWeek> weekdays() {
    List<DayOfWeek> days = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      if (has(daysOfWeek, day.getValue() % 7)) {
        days.add(day);
      }
    }
    return days;
  }

  private static String joinAnd(List<String> words) {
    return join(words, " and ");
  }

  private static String joinOr(List<String> words) {
    return join(words, " or ");
  }

  private static String join(List<String> words, String last) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + last + words.getLast();
  }
}
