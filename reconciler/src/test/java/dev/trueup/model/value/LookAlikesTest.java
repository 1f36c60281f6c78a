package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LookAlikesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "/\u0435tc/motd|'\u0435' (U+0435 CYRILLIC SMALL LETTER IE), which looks like 'e'|/etc/motd",
        "/etc/nginx/\u0455ites|'\u0455' (U+0455 CYRILLIC SMALL LETTER DZE), which looks like 's'"
            + "|/etc/nginx/sites",
        "/etc/\u0441\u043e\u0440|'\u0441' (U+0441 CYRILLIC SMALL LETTER ES), which looks like 'c'"
            + "|/etc/cop",
        "/\u039fpt/app|'\u039f' (U+039F GREEK CAPITAL LETTER OMICRON), which looks like 'O'"
            + "|/Opt/app",
        "/etc\u2215passwd|'\u2215' (U+2215 DIVISION SLASH), which looks like '/'|/etc/passwd",
        "/etc/\uff4dotd|'\uff4d' (U+FF4D FULLWIDTH LATIN SMALL LETTER M), which looks like 'm'"
            + "|/etc/motd",
        "/etc/app\u2010x.conf|'\u2010' (U+2010 HYPHEN), which looks like '-'|/etc/app-x.conf"
      })
  void aLookAlikeIsNamedWithWhatItPassesFor(String path, String what, String meant) {
    LookAlikes.Finding f = LookAlikes.inPath(path).orElseThrow();
    assertThat(f.message()).isEqualTo("path \"" + path + "\" has " + what);
    assertThat(f.hint()).isEqualTo("if you meant " + meant + ", retype it in plain ASCII");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/mo\u200btd", "/etc/\u202egnp.sh", "/srv/\ufeffdata"})
  void anInvisibleCharacterIsNamed(String path) {
    LookAlikes.Finding f = LookAlikes.inPath(path).orElseThrow();
    assertThat(f.message()).contains("has the invisible character U+");
    assertThat(f.hint()).startsWith("remove it");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/etc/motd",
        "/srv/\u0434\u0430\u043d\u043d\u044b\u0435/readme",
        "/srv/\u0395\u03bb\u03bb\u03ac\u03b4\u03b1",
        "/home/jos\u00e9/notes",
        "/opt/\u65e5\u672c/app"
      })
  void pathsWrittenInAScriptOnPurposeAreLeftAlone(String path) {
    assertThat(LookAlikes.inPath(path)).isEmpty();
  }
}
