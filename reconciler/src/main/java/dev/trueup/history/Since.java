package dev.trueup.history;

import dev.trueup.model.value.DurationText;
import dev.trueup.model.value.Parsed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code --since}: a duration back from now ({@code 90m}, {@code 24h}, {@code 7d}), a date ({@code
 * 2026-11-01}, midnight UTC) or an instant ({@code 2026-11-01T06:00:00Z}).
 */
public final class Since {
  private Since() {}

  /** The instant {@code text} names, or a message saying what is accepted. */
  public static Parsed<Instant> parse(String text, Instant now) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      return Parsed.invalid("is empty", "write a duration (24h, 7d), a date or an instant");
    }
    if (Character.isDigit(s.charAt(0)) && s.length() >= 10 && s.charAt(4) == '-') {
      try {
        return Parsed.ok(
            s.length() == 10
                ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
                : OffsetDateTime.parse(s).toInstant());
      } catch (DateTimeParseException e) {
        return Parsed.invalid(
            "\"" + s + "\" is not a date or an instant",
            "write 2026-11-01 or 2026-11-01T06:00:00Z");
      }
    }
    return switch (DurationText.parse(s)) {
      case Parsed.Ok<Duration>(Duration d) -> Parsed.ok(now.minus(d));
      case Parsed.Invalid<Duration> bad ->
          Parsed.invalid(
              "\"" + s + "\" is neither a duration nor a date",
              "write a duration (30m, 24h, 7d), a date (2026-11-01) or an instant");
    };
  }
}
