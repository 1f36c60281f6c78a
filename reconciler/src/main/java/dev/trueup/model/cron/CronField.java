package dev.trueup.model.cron;

import dev.trueup.model.value.Parsed;
import java.util.List;
import java.util.Locale;

/** The five fields of a classic cron line, with their ranges and the names they accept. */
enum CronField {
  MINUTE("minute", 0, 59, List.of()),
  HOUR("hour", 0, 23, List.of()),
  DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
  MONTH(
      "month",
      1,
      12,
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
  // 7 is Sunday too, as in Vixie cron; it is folded onto 0 after parsing.
  DAY_OF_WEEK("day-of-week", 0, 7, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"));

  final String label;
  final int min;
  final int max;
  private final List<String> names;

  CronField(String label, int min, int max, List<String> names) {
    this.label = label;
    this.min = min;
    this.max = max;
    this.names = names;
  }

  /** The value of a number or (for month and day-of-week) a three-letter name. */
  Parsed<Integer> value(String token) {
    if (!token.isEmpty() && token.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int value = token.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(token);
      if (value < min || value > max) {
        return Parsed.invalid(label + " " + token + " is out of range " + min + "-" + max);
      }
      return Parsed.ok(value);
    }
    int index = names.indexOf(token.toLowerCase(Locale.ROOT));
    if (index >= 0) {
      return Parsed.ok(min + index);
    }
    if (names.isEmpty()) {
      return Parsed.invalid(label + " \"" + token + "\" is not a number");
    }
    return Parsed.invalid(
        label + " \"" + token + "\" is not a number or name",
        "use " + min + "-" + max + " or " + names.getFirst() + "-" + names.getLast());
  }

  /** The parsed field as a bit set, e.g. {@code 1-30/5} or {@code mon,wed,fri}. */
  Parsed<Long> parse(String text) {
    long mask = 0;
    for (String item : text.split(",", -1)) {
      if (item.isEmpty()) {
        return Parsed.invalid(label + " \"" + text + "\" has an empty list item");
      }
      Parsed<Long> bits = item(item);
      if (bits instanceof Parsed.Invalid<Long> invalid) {
        return invalid;
      }
      mask |= bits.value();
    }
    if (this == DAY_OF_WEEK && Schedule.has(mask, 7)) {
      mask = (mask & ~(1L << 7)) | 1L;
    }
    return Parsed.ok(mask);
  }

  private Parsed<Long> item(String item) {
    String range = item;
    int step = 1;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      String stepText = item.substring(slash + 1);
      if (stepText.isEmpty() || !stepText.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Parsed.invalid(label + " step \"" + stepText + "\" is not a number");
      }
      step = stepText.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(stepText);
      if (step < 1) {
        return Parsed.invalid(label + " step " + stepText + " must be at least 1");
      }
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = min;
      to = max;
    } else if (range.contains("-")) {
      String[] ends = range.split("-", -1);
      if (ends.length != 2 || ends[0].isEmpty() || ends[1].isEmpty()) {
        return Parsed.invalid(label + " range \"" + range + "\" is malformed");
      }
      Parsed<Integer> start = value(ends[0]);
      Parsed<Integer> end = value(ends[1]);
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
            label + " range " + range + " runs backwards",
            "write the smaller value first, or list the values");
      }
    } else {
      if (slash >= 0) {
        return Parsed.invalid(
            label + " \"" + item + "\" steps from a single value",
            "write a range with the step, e.g. \""
                + range
                + "-"
                + max
                + item.substring(slash)
                + "\"");
      }
      Parsed<Integer> single = value(range);
      if (single instanceof Parsed.Invalid<Integer> invalid) {
        return invalid.cast();
      }
      from = single.value();
      to = from;
    }
    long mask = 0;
    for (long v = from; v <= to; v += step) {
      mask |= 1L << v;
    }
    return Parsed.ok(mask);
  }
}
