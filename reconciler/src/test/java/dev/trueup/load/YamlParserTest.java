package dev.trueup.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diagnostic.Diagnostic;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamlParserTest {
  private final YamlParser parser = new YamlParser();

  private YamlParse parse(String yaml) {
    return parser.parse("nodes/a.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static String only(YamlParse p) {
    assertThat(p.diagnostics()).hasSize(1);
    Diagnostic d = p.diagnostics().get(0);
    return d.location() + " " + d.code() + " " + d.message();
  }

  private YamlScalar scalar(String yaml, String key) {
    YamlParse p = parse(yaml);
    assertThat(p.diagnostics()).isEmpty();
    return (YamlScalar) ((YamlMap) p.root().orElseThrow()).get(key).orElseThrow();
  }

  @Test
  void keepsLinesAndColumnsOfValuesAndKeys() {
    YamlMap root =
        (YamlMap) parse("node: a\nconnection:\n  host: 127.0.0.1\n").root().orElseThrow();
    YamlMap connection = (YamlMap) root.get("connection").orElseThrow();
    assertThat(connection.get("host").orElseThrow().location().toString())
        .isEqualTo("nodes/a.yaml:3:9");
    assertThat(connection.entry("host").orElseThrow().keyLocation().toString())
        .isEqualTo("nodes/a.yaml:3:3");
    assertThat(root.at("/connection/host")).contains(connection.get("host").orElseThrow());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ports: 2122:22 | STRING | 2122:22",
        "v: NO          | STRING | NO",
        "v: on          | STRING | on",
        "v: yes         | STRING | yes",
        "v: off         | STRING | off",
        "v: true        | BOOLEAN | true",
        "v: False       | BOOLEAN | False",
        "v: 0640        | INTEGER | 0640",
        "v: \"0640\"    | STRING | 0640",
        "v: 0o17        | INTEGER | 0o17",
        "v: 1.5         | FLOAT | 1.5",
        "v: ~           | NULL | ~",
        "v: 12:30       | STRING | 12:30",
        "v: !!str 0640  | STRING | 0640",
      })
  void readsScalarsTheYaml12Way(String yaml, ScalarKind kind, String text) {
    String key = yaml.substring(0, yaml.indexOf(':'));
    YamlScalar s = scalar(yaml, key);
    assertThat(s.kind()).isEqualTo(kind);
    assertThat(s.text()).isEqualTo(text);
  }

  @Test
  void octalIntegerIsDecimalInYaml12() {
    assertThat(scalar("v: 0640", "v").value()).isEqualTo(new BigInteger("640"));
    assertThat(scalar("v: 0o17", "v").value()).isEqualTo(BigInteger.valueOf(15));
  }

  @Test
  void duplicateKeyNamesBothLines() {
    YamlParse p = parse("node: a\nenvironment: staging\nenvironment: production\n");
    assertThat(only(p))
        .isEqualTo(
            "nodes/a.yaml:3:1 yaml.duplicate-key duplicate key 'environment' (first defined at line"
                + " 2)");
    assertThat(p.diagnostics().get(0).related().line()).isEqualTo(2);
  }

  @Test
  void nestedDuplicateKeysAreAllReported() {
    YamlParse p = parse("a:\n  x: 1\n  x: 2\nb:\n  y: 1\n  y: 2\n");
    assertThat(p.diagnostics()).extracting(Diagnostic::path).containsExactly("a.x", "b.y");
  }

  @Test
  void aPlainDollarBraceNameIsTextWithAWarningNotAnUnwrittenTag() {
    YamlParse p = parse("root: ${HOME}\nquoted: \"${HOME}\"\n");
    assertThat(p.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.isError()).isFalse();
              assertThat(d.code()).isEqualTo("yaml.variable");
              assertThat(d.path()).isEqualTo("root");
              assertThat(d.message()).contains("'${HOME}'", "expands no environment variables");
              assertThat(d.message()).doesNotContain("!ENV");
            });
    YamlScalar root = (YamlScalar) ((YamlMap) p.root().orElseThrow()).get("root").orElseThrow();
    assertThat(root.text()).isEqualTo("${HOME}");
    assertThat(root.kind()).isEqualTo(ScalarKind.STRING);
  }

  @Test
  void customTagsAreRefused() {
    assertThat(only(parse("v: !!python/object:os.system ls\n")))
        .isEqualTo("nodes/a.yaml:1:4 yaml.tag tag !!python/object:os.system is not allowed");
    assertThat(only(parse("v: !secret x\n")))
        .isEqualTo("nodes/a.yaml:1:4 yaml.tag tag !secret is not allowed");
  }

  @Test
  void setsAndBinaryTagsAreRefused() {
    assertThat(parse("v: !!binary aGk=\n").diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly("yaml.tag");
    assertThat(parse("v: !!set {a, b}\n").diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly("yaml.tag");
  }

  @Test
  void explicitCoreTagWithWrongShapeIsRefused() {
    assertThat(only(parse("v: !!int abc\n")))
        .isEqualTo("nodes/a.yaml:1:4 yaml.tag 'abc' is not an integer");
  }

  @Test
  void billionLaughsIsStopped() {
    StringBuilder y =
        new StringBuilder(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'i'; c++) {
      y.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        y.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      y.append("]\n");
      prev = c;
    }
    long start = System.nanoTime();
    YamlParse p = parse(y.toString());
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    assertThat(p.root()).isEmpty();
    assertThat(p.diagnostics())
        .extracting(Diagnostic::code)
        .containsAnyOf("yaml.alias-limit", "yaml.too-many-values");
  }

  @Test
  void recursiveAliasIsStopped() {
    YamlParse p = parse("a: &x\n  b: *x\n");
    assertThat(p.root()).isEmpty();
    assertThat(p.diagnostics()).extracting(Diagnostic::code).containsExactly("yaml.too-deep");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "[".repeat(100) + "]".repeat(100);
    YamlParse p = parse("v: " + deep + "\n");
    assertThat(p.diagnostics()).extracting(Diagnostic::code).containsExactly("yaml.too-deep");
  }

  @Test
  void tooLargeFileIsRefusedBeforeParsing() {
    YamlParse p =
        new YamlParser(new YamlLimits(100, 64, 1000, 50))
            .parse("nodes/a.yaml", ("v: " + "x".repeat(200)).getBytes(StandardCharsets.UTF_8));
    assertThat(only(p))
        .isEqualTo("nodes/a.yaml yaml.too-large file is 203 bytes; the limit is 100");
  }

  @Test
  void nonUtf8IsReportedWithItsLine() {
    byte[] bytes = {'a', ':', ' ', '1', '\n', 'b', ':', ' ', (byte) 0xff, '\n'};
    assertThat(only(parser.parse("nodes/a.yaml", bytes)))
        .isEqualTo("nodes/a.yaml:2:4 yaml.not-utf8 file is not valid UTF-8 (byte 0xFF)");
  }

  @Test
  void utf16IsRefused() {
    byte[] bytes = {(byte) 0xff, (byte) 0xfe, 'a', 0};
    assertThat(only(parser.parse("nodes/a.yaml", bytes)))
        .isEqualTo("nodes/a.yaml yaml.not-utf8 file is UTF-16, not UTF-8");
  }

  @Test
  void byteOrderMarkIsTolerated() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "node: a\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(body, 0, all, 3, body.length);
    assertThat(parser.parse("nodes/a.yaml", all).clean()).isTrue();
  }

  @Test
  void emptyAndCommentOnlyFilesAreErrors() {
    for (String empty : List.of("", "# just a comment\n", "---\n", "\n\n")) {
      assertThat(only(parse(empty)))
          .isEqualTo("nodes/a.yaml yaml.empty file holds no YAML document");
    }
  }

  @Test
  void secondDocumentIsRefused() {
    assertThat(only(parse("a: 1\n---\nb: 2\n")))
        .isEqualTo(
            "nodes/a.yaml:3:1 yaml.multiple-documents file holds more than one YAML document");
  }

  @Test
  void syntaxErrorPointsAtTheProblem() {
    YamlParse p = parse("a: 1\nb: [1, 2\nc: 3\n");
    assertThat(p.root()).isEmpty();
    assertThat(p.diagnostics()).extracting(Diagnostic::code).containsExactly("yaml.syntax");
    assertThat(p.diagnostics().get(0).location().line()).isGreaterThan(1);
  }

  @Test
  void tabIndentationIsASyntaxError() {
    YamlParse p = parse("a:\n\tb: 1\n");
    assertThat(p.diagnostics()).extracting(Diagnostic::code).containsExactly("yaml.syntax");
    assertThat(p.diagnostics().get(0).location().line()).isEqualTo(2);
  }

  @Test
  void complexKeysAreRefused() {
    assertThat(only(parse("? [a, b]\n: 1\n")))
        .isEqualTo("nodes/a.yaml:1:3 yaml.key a key must be a plain value, not a map or list");
  }

  @Test
  void aFewAliasesAreFine() {
    YamlParse p = parse("base: &b {mode: \"0644\"}\none: *b\ntwo: *b\n");
    assertThat(p.clean()).isTrue();
    assertThat(((YamlMap) p.root().orElseThrow()).get("two").orElseThrow())
        .isInstanceOf(YamlMap.class);
  }

  @Test
  void mergeKeysMergeAndKeepTheLocationOfEachValue() {
    YamlParse p =
        parse("base: &b {mode: \"0644\", owner: root}\nfile:\n  <<: *b\n  mode: \"0600\"\n");
    assertThat(p.diagnostics()).isEmpty();
    YamlMap file = (YamlMap) p.root().orElseThrow().at("/file").orElseThrow();
    assertThat(file.string("mode")).contains("0600");
    assertThat(file.get("owner").orElseThrow().location().line()).isEqualTo(1);
    assertThat(file.entries()).doesNotContainKey("<<");
  }

  @Test
  void mergeOfAListOfMapsTakesTheFirstDefinitionOfEachKey() {
    YamlParse p = parse("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n");
    assertThat(p.diagnostics()).isEmpty();
    YamlMap c = (YamlMap) p.root().orElseThrow().at("/c").orElseThrow();
    assertThat(c.entries().keySet()).containsExactly("z", "x", "y");
    assertThat(((YamlScalar) c.get("y").orElseThrow()).text()).isEqualTo("1");
    assertThat(((YamlScalar) c.get("z").orElseThrow()).text()).isEqualTo("3");
  }

  @Test
  void mergeOfSomethingElseThanAMapIsAnErrorAtTheValue() {
    assertThat(only(parse("a: 1\nb:\n  <<: 5\n")))
        .isEqualTo(
            "nodes/a.yaml:3:7 yaml.merge a merge key ('<<') takes a map or a list of maps, not an"
                + " integer");
    // Quoted, it is an ordinary key (the schema then refuses it as an unknown field).
    assertThat(parse("b:\n  \"<<\": 5\n").diagnostics()).isEmpty();
  }

  @Test
  void aCollectionTaggedAsSomethingElseIsRefused() {
    assertThat(only(parse("v: !!str [a]\n")))
        .isEqualTo("nodes/a.yaml:1:4 yaml.tag tag !!str is not allowed");
    assertThat(parse("v: !!seq [a]\nw: !!map {a: 1}\n").diagnostics()).isEmpty();
  }

  @Test
  void problemsNameTheirYamlPath() {
    YamlParse p = parse("a:\n  - x: !!int no\n  - {y: 1, y: 2}\n");
    assertThat(p.diagnostics()).extracting(Diagnostic::path).containsExactly("a[0].x", "a[1].y");
  }
}
