package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({
    "30s,PT30S,30s",
    "5m,PT5M,5m",
    "1h,PT1H,1h",
    "1h30m,PT1H30M,1h30m",
    "90m,PT1H30M,1h30m",
    "2d,PT48H,2d",
    "250ms,PT0.25S,250ms",
    "1500ms,PT1.5S,1s500ms",
    "1d2h3m4s5ms,PT26H3M4.005S,1d2h3m4s5ms",
    "' 5m ',PT5M,5m",
  })
  void parsesAndRendersShortest(String text, Duration expected, String rendered) {
    Duration d = DurationText.parse(text).value();
    assertThat(d).isEqualTo(expected);
    assertThat(DurationText.render(d)).isEqualTo(rendered);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "5|duration \"5\" has no unit|write 5m, not 5",
        "-5m|duration \"-5m\" is negative|NONE",
        "0s|duration \"0s\" is zero|use a positive duration",
        "1.5h|duration \"1.5h\" has a fraction|use smaller units, e.g. 1h30m for 1.5h",
        "5w|duration \"5w\" has unknown unit \"w\"|use d, h, m, s or ms, e.g. 1h30m",
        "5min|duration \"5min\" has unknown unit \"min\"|use d, h, m, s or ms, e.g. 1h30m",
        "1h5|duration \"1h5\" has a number without a unit|use d, h, m, s or ms, e.g. 1h30m",
        "30m1h|duration \"30m1h\" repeats or misorders units|write units from largest to smallest,"
            + " each once, e.g. 1h30m",
        "1m1m|duration \"1m1m\" repeats or misorders units|write units from largest to smallest,"
            + " each once, e.g. 1h30m",
        "1h 30m|duration \"1h 30m\" is not a duration|write it like 30s, 5m, 1h30m or 2d",
        "m|duration \"m\" is not a duration|write it like 30s, 5m, 1h30m or 2d",
        "99999999999d|duration \"99999999999d\" is too large|NONE",
        "''|duration is empty|write it like 30s, 5m, 1h30m or 2d",
      })
  void rejects(String text, String message, String hint) {
    assertThat(DurationText.parse(text)).isEqualTo(Parsed.invalid(message, hint));
  }

  @Test
  void zeroOnlyWhenAllowed() {
    assertThat(DurationText.parse("0s", true)).isEqualTo(Parsed.ok(Duration.ZERO));
    assertThat(DurationText.parse("0m0s", true)).isEqualTo(Parsed.ok(Duration.ZERO));
    assertThat(DurationText.parse("0s", false).isOk()).isFalse();
    assertThat(DurationText.render(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void renderRefusesWhatCannotBeWritten() {
    assertThatThrownBy(() -> DurationText.render(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DurationText.render(Duration.ofNanos(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
