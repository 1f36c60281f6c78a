package dev.trueup.model.value;

import java.time.DateTimeException;
import java.time.ZoneId;

/** Time-zone ids for schedules: region ids and UTC, never ambiguous abbreviations. */
public final class TimeZones {

  private TimeZones() {}

  public static Parsed<ZoneId> zone(String text) {
    if (text == null || text.isBlank()) {
      return Parsed.invalid("time zone is empty", "use a region id like Europe/Berlin, or UTC");
    }
    if (text.equals("UTC") || text.equals("GMT")) {
      return Parsed.ok(ZoneId.of(text));
    }
    // Abbreviations (EST, PST, IST, CET, ...) mean different things to different people, and java
    // maps some of them to fixed offsets that ignore daylight saving time. Refuse them all.
    if (text.matches("[A-Z]{2,5}")) {
      return Parsed.invalid(
          "time zone \"" + text + "\" is an ambiguous abbreviation",
          "use a region id like America/New_York, or UTC");
    }
    try {
      return Parsed.ok(ZoneId.of(text));
    } catch (DateTimeException e) {
      return Parsed.invalid(
          "unknown time zone \"" + text + "\"", "use a region id like America/New_York, or UTC");
    }
  }
}
