package dev.trueup.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodePathTest {

  private static Parsed.Invalid<NodePath> invalid(String text) {
    Parsed<NodePath> parsed = NodePath.parse(text);
    assertThat(parsed).isInstanceOf(Parsed.Invalid.class);
    return (Parsed.Invalid<NodePath>) parsed;
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/app.conf", "/a", "/etc/aurora/app.env", "/opt/x/..x/.y", "/ü/ñ"})
  void acceptsNormalizedAbsolutePaths(String text) {
    assertThat(NodePath.parse(text)).isEqualTo(Parsed.ok(new NodePath(text)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "etc/app.conf|path \"etc/app.conf\" is not absolute|start it with '/', e.g."
            + " \"/etc/app.conf\"",
        "/|path \"/\" is the root directory, not a file|NONE",
        "/etc//app.conf|path \"/etc//app.conf\" contains \"//\"|did you mean /etc/app.conf?",
        "/etc/app/|path \"/etc/app/\" ends with '/'|did you mean /etc/app?",
        "/etc/./app.conf|path \"/etc/./app.conf\" contains a \".\" segment|did you mean"
            + " /etc/app.conf?",
        "/etc/x/../app.conf|path \"/etc/x/../app.conf\" contains a \"..\" segment|did you mean"
            + " /etc/app.conf?",
        "/../etc|path \"/../etc\" contains a \"..\" segment|NONE",
        "/etc/..|path \"/etc/..\" contains a \"..\" segment|NONE",
      })
  void rejectsUnnormalizedPaths(String text, String message, String hint) {
    Parsed.Invalid<NodePath> bad = invalid(text);
    assertThat(bad.message()).isEqualTo(message);
    assertThat(bad.hint()).isEqualTo(hint);
  }

  @Test
  void rejectsControlCharacters() {
    assertThat(invalid("/etc/a\0b").message())
        .isEqualTo("path \"/etc/a\\x00b\" contains a control character (NUL)");
    assertThat(invalid("/etc/a\nb").message())
        .isEqualTo("path \"/etc/a\\x0ab\" contains a control character (newline)");
    assertThat(invalid("/etc/a\tb").message())
        .isEqualTo("path \"/etc/a\\x09b\" contains a control character (tab)");
    assertThat(invalid("/etc/a\u007fb").message())
        .isEqualTo("path \"/etc/a\\x7fb\" contains a control character (U+007F)");
    // C1 controls act on terminals too (U+009B is a one-character CSI).
    assertThat(invalid("/etc/a\u009bb").message())
        .isEqualTo("path \"/etc/a\\x9bb\" contains a control character (U+009B)");
  }

  @Test
  void rejectsEmptyAndOverlongPaths() {
    assertThat(invalid("").message()).isEqualTo("path is empty");
    assertThat(invalid(null).message()).isEqualTo("path is empty");
    String max = "/" + "a".repeat(4095);
    assertThat(NodePath.parse(max).isOk()).isTrue();
    assertThat(invalid(max + "a").message()).isEqualTo("path is 4097 bytes long, at most 4096");
    // Length counts UTF-8 bytes, not characters.
    assertThat(invalid("/" + "é".repeat(2048)).message())
        .isEqualTo("path is 4097 bytes long, at most 4096");
  }

  @Test
  void partsOfAPath() {
    NodePath p = NodePath.parse("/etc/aurora/app.env").value();
    assertThat(p.fileName()).isEqualTo("app.env");
    assertThat(p.parentDirectory()).isEqualTo("/etc/aurora");
    assertThat(NodePath.parse("/app.env").value().parentDirectory()).isEqualTo("/");
    assertThat(p).hasToString("/etc/aurora/app.env");
    assertThat(p).isLessThan(NodePath.parse("/etc/b").value());
  }

  @Test
  void constructorRefusesWhatParseRefuses() {
    assertThatThrownBy(() -> new NodePath("relative"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path \"relative\" is not absolute");
  }
}
