package dev.trueup.model.cron;

import dev.trueup.model.value.Parsed;
import java.util.BitSet;

/** The numeric components of a systemd calendar event, each a list of values, ranges, repeats. */
enum CalendarField {
  YEAR("year", 1970, 2199),
  MONTH("month", 1, 12),
  DAY("day", 1, 31),
  HOUR("hour", 0, 23),
  MINUTE("minute", 0, 59),
  SECOND("second", 0, 59);

  final String label;
  final int min;
  final int max;

  CalendarField(String label, int min, int max) {
    this.label = label;
    this.min = min;
    this.max = max;
  }

  /**
   * The allowed values as a bit per value, offset by {@link #min} (years do not fit in a long
   * otherwise). Accepts {@code *}, {@code 5}, {@code 1,15}, {@code 1..5}, {@code 0/15} and {@code
   * 9..17/2}.
   */
  Parsed<BitSet> parse(String text) {
    BitSet bits = new BitSet();
    if (text.equals("*")) {
      bits.set(0, max - min + 1);
      return Parsed.ok(bits);
    }
    for (String item : text.split(",", -1)) {
      if (item.isEmpty()) {
        return Parsed.invalid(label + " \"" + text + "\" has an empty list item");
      }
      if (item.contains("~")) {
        return Parsed.invalid("\"~\" (days from the end of the month) is not supported");
      }
      String range = item;
      int step = 0;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        String stepText = item.substring(slash + 1);
        if (!isNumber(stepText)) {
          return Parsed.invalid(label + " repetition \"" + stepText + "\" is not a number");
        }
        step = stepText.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(stepText);
        if (step < 1) {
          return Parsed.invalid(label + " repetition " + stepText + " must be at least 1");
        }
        if (range.equals("*")) {
          return Parsed.invalid(
              label + " \"" + item + "\" repeats from '*', which is not supported",
              "start from a value, e.g. \"" + min + item.substring(slash) + "\"");
        }
      }
      int from;
      int to;
      int dots = range.indexOf("..");
      if (dots >= 0) {
        Parsed<Integer> start = value(range.substring(0, dots));
        Parsed<Integer> end = value(range.substring(dots + 2));
        if (start instanceof Parsed.Invalid<Integer> invalid) {
          return invalid.cast();
        }
        if (end instanceof Parsed.Invalid<Integer> invalid) {
          return invalid.cast();
        }
        from = start.value();
        to = end.value();
        if (from > to) {
          return Parsed.invalid(
              label + " range " + range + " runs backwards", "write the smaller value first");
        }
      } else {
        Parsed<Integer> single = value(range);
        if (single instanceof Parsed.Invalid<Integer> invalid) {
          return invalid.cast();
        }
        from = single.value();
        // "a/n" repeats up to the end of the field's range
        to = step > 0 ? max : from;
      }
      for (long v = from; v <= to; v += Math.max(step, 1)) {
        bits.set((int) v - min);
      }
    }
    return Parsed.ok(bits);
  }

  private Parsed<Integer> value(String token) {
    if (token.isEmpty()) {
      return Parsed.invalid(label + " value is missing");
    }
    if (token.equals("*")) {
      return Parsed.invalid(label + " '*' cannot be part of a range");
    }
    if (!isNumber(token)) {
      return Parsed.invalid(label + " \"" + token + "\" is not a number");
    }
    int value = token.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(token);
    if (value < min || value > max) {
      return Parsed.invalid(label + " " + token + " is out of range " + min + "-" + max);
    }
    return Parsed.ok(value);
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
