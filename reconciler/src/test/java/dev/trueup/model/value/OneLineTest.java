package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OneLineTest {

  @Test
  void aLineBreakIsRefusedWithTheCallersHint() {
    Parsed<String> lf =
        OneLine.parse("systemd.exec", "/bin/a\nExecStartPre=+/bin/id", "use a script");
    assertThat(lf).isEqualTo(Parsed.invalid("systemd.exec must be one line", "use a script"));
    assertThat(OneLine.parse("systemd.exec", "/bin/a\r/bin/true", null))
        .isEqualTo(Parsed.invalid("systemd.exec must be one line: it contains a carriage return"));
    assertThat(OneLine.parse("systemd.exec", "/bin/a\u0085b", null))
        .isEqualTo(Parsed.invalid("systemd.exec must be one line: it contains a U+0085"));
  }

  @Test
  void controlAndBidirectionalCharactersAreRefused() {
    assertThat(((Parsed.Invalid<String>) OneLine.parse("x", "a\u001b[8mb", null)).message())
        .isEqualTo("x contains a control character (U+001B)");
    assertThat(((Parsed.Invalid<String>) OneLine.parse("x", "a\0b", null)).message())
        .isEqualTo("x contains a control character (NUL)");
    assertThat(((Parsed.Invalid<String>) OneLine.parse("x", "rm \u202e/tmp", null)).message())
        .isEqualTo("x contains the bidirectional control U+202E");
  }

  @Test
  void tabsAndOrdinaryTextPass() {
    assertThat(OneLine.parse("x", "printf 'a\tb' | tr é e", null))
        .isEqualTo(Parsed.ok("printf 'a\tb' | tr é e"));
  }

  @Test
  void aDescriptionMayBreakLinesButNotHoldControls() {
    assertThat(OneLine.parseFolding("d", "two\nlines\r\n").isOk()).isTrue();
    assertThat(OneLine.parseFolding("d", "Redis \u001b[8mhidden").isOk()).isFalse();
  }
}
