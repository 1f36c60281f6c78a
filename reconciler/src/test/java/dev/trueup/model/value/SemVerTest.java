package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemVerTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "16.4|16.4|''",
        "v1.2.3|1.2.3|''",
        "V2|2|''",
        "1.25-alpine|1.25|-alpine",
        "1.2.3-rc.1+build5|1.2.3|-rc.1+build5",
        "3.19.1.2|3.19.1.2|''",
        "16alpine|16|alpine",
      })
  void parsesLeniently(String tag, String core, String suffix) {
    SemVer v = SemVer.parse(tag).value();
    assertThat(v.core())
        .isEqualTo(List.of(core.split("\\.")).stream().map(Integer::valueOf).toList());
    assertThat(v.suffix()).isEqualTo(suffix);
    assertThat(v).hasToString(core + suffix);
  }

  @Test
  void missingNumbersCountAsZero() {
    SemVer v = SemVer.parse("16").value();
    assertThat(List.of(v.major(), v.minor(), v.patch())).containsExactly(16, 0, 0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "latest|tag \"latest\" is not a version",
        "bookworm|tag \"bookworm\" is not a version",
        "1.2.3.4.5|tag \"1.2.3.4.5\" has more than four version numbers",
        "12345678901|tag \"12345678901\" has a number too long for a version",
        "''|version is empty",
      })
  void rejects(String tag, String message) {
    assertThat(SemVer.parse(tag)).isEqualTo(Parsed.invalid(message));
  }

  @ParameterizedTest
  @CsvSource({
    "16.4,16.5,MINOR",
    "16.4,16.4.1,PATCH",
    "1.2.3,1.2.4,PATCH",
    "1.2.3,1.3.0,MINOR",
    "1.2.3,2.0.0,MAJOR",
    "v1.2.3,2.0,MAJOR",
    "16,17,MAJOR",
    "1.2.3,1.2.2,DOWNGRADE",
    "2.0,1.9,DOWNGRADE",
    "1.25-alpine,1.26-alpine,MINOR",
    "1.25-alpine,1.25-bookworm,UNKNOWN",
    "1.2.3-rc1,1.2.3,UNKNOWN",
    "1.2.3,1.2.3,UNKNOWN",
    "16.4,16.4.0,UNKNOWN",
    "0.3.1,0.4.0,MAJOR",
    "0.3.1,0.3.2,PATCH",
    "0.9,1.0,MAJOR",
    "1.2.3.4,1.2.3.5,PATCH",
  })
  void classifiesBumps(String from, String to, ChangeKind kind) {
    assertThat(SemVer.compare(SemVer.parse(from).value(), SemVer.parse(to).value()))
        .isEqualTo(kind);
  }
}
