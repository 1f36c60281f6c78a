package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParsedTest {

  @Test
  void okCarriesItsValue() {
    Parsed<String> ok = Parsed.ok("x");
    assertThat(ok.isOk()).isTrue();
    assertThat(ok.value()).isEqualTo("x");
    assertThat(ok.map(String::length)).isEqualTo(Parsed.ok(1));
    assertThat(ok.flatMap(s -> Parsed.invalid("no " + s))).isEqualTo(Parsed.invalid("no x"));
  }

  @Test
  void invalidCarriesMessageAndHint() {
    Parsed<String> bad = Parsed.invalid("bad \"x\"", "write y");
    assertThat(bad.isOk()).isFalse();
    assertThat(bad).isEqualTo(new Parsed.Invalid<>("bad \"x\"", "write y"));
    assertThat(bad.map(String::length)).isEqualTo(Parsed.invalid("bad \"x\"", "write y"));
    assertThat(bad.flatMap(Parsed::ok)).isEqualTo(Parsed.invalid("bad \"x\"", "write y"));
    assertThatThrownBy(bad::value)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("not a value: bad \"x\"");
  }

  @Test
  void hintIsOptional() {
    assertThat(((Parsed.Invalid<String>) Parsed.<String>invalid("bad")).hint()).isNull();
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> Parsed.ok(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Parsed.invalid(null)).isInstanceOf(NullPointerException.class);
  }
}
