package dev.trueup.model.value;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way people write them in YAML: {@code 30s}, {@code 5m}, {@code 1h30m},
 * {@code 2d}, {@code 250ms}. Units go from largest to smallest, each at most once; a number without
 * a unit is refused because "5" could mean seconds or minutes.
 */
public final class DurationText {

  /** The units, largest first; the order in which they may appear. */
  private enum Unit {
    D("d", Duration.ofDays(1)),
    H("h", Duration.ofHours(1)),
    M("m", Duration.ofMinutes(1)),
    S("s", Duration.ofSeconds(1)),
    MS("ms", Duration.ofMillis(1));

    final String symbol;
    final Duration length;

    Unit(String symbol, Duration length) {
      this.symbol = symbol;
      this.length = length;
    }

    static Unit of(String symbol) {
      for (Unit unit : values()) {
        if (unit.symbol.equals(symbol)) {
          return unit;
        }
      }
      return null;
    }
  }

  private static final Pattern TERM = Pattern.compile("(\\d+)([a-z]*)");
  private static final long MAX_AMOUNT = 1_000_000_000L;

  private DurationText() {}

  /** A positive duration. */
  public static Parsed<Duration> parse(String text) {
    return parse(text, false);
  }

  /** A duration; zero ("0s") is accepted only when {@code allowZero} is set. */
  public static Parsed<Duration> parse(String text, boolean allowZero) {
    if (text == null || text.isBlank()) {
      return Parsed.invalid("duration is empty", "write it like 30s, 5m, 1h30m or 2d");
    }
    String s = text.strip();
    if (s.startsWith("-")) {
      return Parsed.invalid("duration \"" + text + "\" is negative");
    }
    if (s.chars().allMatch(Character::isDigit)) {
      return Parsed.invalid("duration \"" + text + "\" has no unit", "write " + s + "m, not " + s);
    }
    if (s.matches("\\d*\\.\\d+[a-z]+")) {
      return Parsed.invalid(
          "duration \"" + text + "\" has a fraction", "use smaller units, e.g. 1h30m for 1.5h");
    }
    Matcher m = TERM.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    Unit previous = null;
    while (end < s.length() && m.find(end) && m.start() == end) {
      String symbol = m.group(2);
      Unit unit = Unit.of(symbol);
      if (unit == null) {
        return Parsed.invalid(
            "duration \""
                + text
                + "\" has "
                + (symbol.isEmpty()
                    ? "a number without a unit"
                    : "unknown unit \"" + symbol + "\""),
            "use d, h, m, s or ms, e.g. 1h30m");
      }
      if (previous != null && unit.ordinal() <= previous.ordinal()) {
        return Parsed.invalid(
            "duration \"" + text + "\" repeats or misorders units",
            "write units from largest to smallest, each once, e.g. 1h30m");
      }
      String digits = m.group(1);
      long amount = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
      if (amount > MAX_AMOUNT) {
        return Parsed.invalid("duration \"" + text + "\" is too large");
      }
      total = total.plus(unit.length.multipliedBy(amount));
      previous = unit;
      end = m.end();
    }
    if (end != s.length()) {
      return Parsed.invalid(
          "duration \"" + text + "\" is not a duration", "write it like 30s, 5m, 1h30m or 2d");
    }
    if (total.isZero() && !allowZero) {
      return Parsed.invalid("duration \"" + text + "\" is zero", "use a positive duration");
    }
    return Parsed.ok(total);
  }

  /** The shortest text that parses back to the same duration, e.g. {@code 1h30m}, {@code 0s}. */
  public static String render(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + duration);
    }
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("duration finer than a millisecond: " + duration);
    }
    StringBuilder sb = new StringBuilder();
    Duration rest = duration;
    for (Unit unit : List.of(Unit.values())) {
      long amount = rest.dividedBy(unit.length);
      if (amount > 0) {
        sb.append(amount).append(unit.symbol);
        rest = rest.minus(unit.length.multipliedBy(amount));
      }
    }
    return sb.toString();
  }
}
