package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileModeTest {

  @ParameterizedTest
  @CsvSource({
    "0640,0640,416",
    "640,0640,416",
    "0755,0755,493",
    "1777,1777,1023",
    "000,0000,0",
    "7777,7777,4095",
    "4755,4755,2541"
  })
  void parsesOctalStrings(String text, String octal, int bits) {
    FileMode mode = FileMode.parse(text).value();
    assertThat(mode.octal()).isEqualTo(octal);
    assertThat(mode.bits()).isEqualTo(bits);
    assertThat(mode).hasToString(octal);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0648|file mode \"0648\" contains the non-octal digit 8|use digits 0-7, e.g. \"0640\"",
        "9|file mode \"9\" is not 3 or 4 octal digits|write it as \"0640\" in quotes",
        "64|file mode \"64\" is not 3 or 4 octal digits|write it as \"0640\" in quotes",
        "00640|file mode \"00640\" is not 3 or 4 octal digits|write it as \"0640\" in quotes",
        "rw-r-----|file mode \"rw-r-----\" is not 3 or 4 octal digits|write it as \"0640\" in"
            + " quotes",
        "0x1a4|file mode \"0x1a4\" is not 3 or 4 octal digits|write it as \"0640\" in quotes",
        "''|file mode is empty|write it as \"0640\" in quotes",
      })
  void rejectsOtherText(String text, String message, String hint) {
    assertThat(FileMode.parse(text)).isEqualTo(Parsed.invalid(message, hint));
  }

  @Test
  void nullIsEmpty() {
    assertThat(FileMode.parse(null))
        .isEqualTo(Parsed.invalid("file mode is empty", "write it as \"0640\" in quotes"));
  }
}
