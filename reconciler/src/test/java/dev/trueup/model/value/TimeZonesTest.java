package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeZonesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"UTC", "GMT", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Etc/UTC"})
  void acceptsRegionIdsAndUtc(String id) {
    assertThat(TimeZones.zone(id)).isEqualTo(Parsed.ok(ZoneId.of(id)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"EST", "PST", "IST", "CET", "CEST", "BST", "MST"})
  void rejectsAbbreviations(String id) {
    assertThat(TimeZones.zone(id))
        .isEqualTo(
            Parsed.invalid(
                "time zone \"" + id + "\" is an ambiguous abbreviation",
                "use a region id like America/New_York, or UTC"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Mars/Olympus|unknown time zone \"Mars/Olympus\"",
        "utc|unknown time zone \"utc\"",
        "Europe/berlin|unknown time zone \"Europe/berlin\"",
      })
  void rejectsUnknownIds(String id, String message) {
    assertThat(TimeZones.zone(id))
        .isEqualTo(Parsed.invalid(message, "use a region id like America/New_York, or UTC"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void rejectsBlank(String id) {
    assertThat(TimeZones.zone(id))
        .isEqualTo(
            Parsed.invalid("time zone is empty", "use a region id like Europe/Berlin, or UTC"));
  }
}
