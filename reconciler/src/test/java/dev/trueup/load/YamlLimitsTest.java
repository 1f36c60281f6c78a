package dev.trueup.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diagnostic.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Depth, alias and expansion limits are enforced as the parser's events arrive: no shape of deep
 * nesting may reach a recursive composer, and each refusal names the line and column where the
 * limit was crossed.
 */
class YamlLimitsTest {
  private static final int MAX_DEPTH = YamlLimits.DEFAULT.maxDepth();

  /** A document and where its node at depth {@code MAX_DEPTH + 1} starts. */
  record Deep(String text, int line, int column) {}

  /** Flow sequences: {@code v: [[[...]]]}; the root map is level 1, v's value level 2. */
  static Deep flowSequences(int levels) {
    return new Deep("v: " + "[".repeat(levels) + "]".repeat(levels) + "\n", 1, 4 + MAX_DEPTH - 1);
  }

  /** Flow maps: {@code v: {a: {a: ... 1}}}; each level is 4 characters wide. */
  static Deep flowMaps(int levels) {
    return new Deep(
        "v: " + "{a: ".repeat(levels) + "1" + "}".repeat(levels) + "\n",
        1,
        4 + 4 * (MAX_DEPTH - 1));
  }

  /** Compact block sequences at the root: {@code - - - x}; level d starts at column 2d-1. */
  static Deep compactSequences(int levels) {
    return new Deep("- ".repeat(levels) + "x\n", 1, 2 * (MAX_DEPTH + 1) - 1);
  }

  /** Block maps, one more space per level: level d is the map starting at line d, column d. */
  static Deep blockMaps(int levels) {
    StringBuilder y = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      y.append(" ".repeat(i)).append(i == levels - 1 ? "a: 1\n" : "a:\n");
    }
    return new Deep(y.toString(), MAX_DEPTH + 1, MAX_DEPTH + 1);
  }

  /** Flow sequences and maps alternating: {@code v: [{a: [{a: ...}]}]}. */
  static Deep mixedFlow(int levels) {
    StringBuilder open = new StringBuilder();
    StringBuilder close = new StringBuilder();
    int column = 4;
    int atLimit = 0;
    for (int i = 0; i < levels; i++) {
      if (i == MAX_DEPTH - 1) {
        atLimit = column + open.length();
      }
      open.append(i % 2 == 0 ? "[" : "{a: ");
      close.insert(0, i % 2 == 0 ? "]" : "}");
    }
    return new Deep("v: " + open + "1" + close + "\n", 1, atLimit);
  }

  /** Compact block sequences holding flow maps, inside a real field of a node file. */
  static Deep mixedInsideAField(int levels) {
    int block = levels / 2;
    int flow = levels - block;
    String text =
        "node: a\nservices:\n  web:\n    env:\n      - "
            + "- ".repeat(block - 1)
            + "{a: ".repeat(flow)
            + "1"
            + "}".repeat(flow)
            + "\n";
    // Root (1) > services (2) > web (3) > env's list (4, line 5 column 7) > ...
    int d = MAX_DEPTH + 1;
    int column = d - 4 < block ? 7 + 2 * (d - 4) : 7 + 2 * block + 4 * (d - 4 - block);
    return new Deep(text, 5, column);
  }

  static Stream<Arguments> everyShape() {
    return Stream.of(1_000, 100_000)
        .flatMap(
            levels ->
                Stream.of(
                    Arguments.of("flow sequences", levels, flowSequences(levels)),
                    Arguments.of("flow maps", levels, flowMaps(levels)),
                    Arguments.of("compact block sequences", levels, compactSequences(levels)),
                    Arguments.of("mixed flow", levels, mixedFlow(levels)),
                    Arguments.of("mixed, inside a field", levels, mixedInsideAField(levels)),
                    // Block maps need one more space per level: 1,000 levels take ~500 KB and
                    // 1,400 ~1 MiB, so 100,000 cannot be written inside the size limit at all.
                    Arguments.of(
                        "block maps", levels, blockMaps(levels == 1_000 ? 1_000 : 1_440))));
  }

  private static YamlParse parse(YamlParser parser, String text) {
    return parser.parse("nodes/a.yaml", text.getBytes(StandardCharsets.UTF_8));
  }

  private static String only(YamlParse p) {
    assertThat(p.diagnostics()).hasSize(1);
    Diagnostic d = p.diagnostics().get(0);
    return d.location() + " " + d.code();
  }

  @ParameterizedTest(name = "{0}, {1} levels")
  @MethodSource("everyShape")
  void deepNestingIsRefusedWhereTheLimitIsCrossed(String shape, int levels, Deep deep) {
    assertThat(deep.text().length()).isLessThan(YamlLimits.DEFAULT.maxBytes());
    YamlParse p = parse(new YamlParser(), deep.text());
    assertThat(p.root()).isEmpty();
    assertThat(only(p))
        .isEqualTo("nodes/a.yaml:" + deep.line() + ":" + deep.column() + " yaml.too-deep");
    assertThat(p.diagnostics().get(0).message()).contains("" + MAX_DEPTH);
  }

  @Test
  void nestingAtTheLimitIsAccepted() {
    // The root map is level 1 and 62 sequences levels 2-63: the scalar inside is level 64.
    String text = "v: " + "[".repeat(MAX_DEPTH - 2) + "1" + "]".repeat(MAX_DEPTH - 2) + "\n";
    YamlParse p = parse(new YamlParser(), text);
    assertThat(p.diagnostics()).isEmpty();
    String deeper = "v: " + "[".repeat(MAX_DEPTH - 1) + "1" + "]".repeat(MAX_DEPTH - 1) + "\n";
    assertThat(only(parse(new YamlParser(), deeper)))
        .isEqualTo("nodes/a.yaml:1:" + (4 + MAX_DEPTH - 1) + " yaml.too-deep");
  }

  /**
   * With the depth limit lifted, 10,000 levels of every single-line shape are composed on a thread
   * whose stack is 256 KiB: only a composer without recursion gets through (a recursive one
   * overflowed a default stack at 1,000). Not more levels: the parser alone takes ~0.2 ms per level
   * of flow sequence when nothing stops it.
   */
  @Test
  void composingNeedsNoStackProportionalToDepth() throws Exception {
    YamlParser unbounded =
        new YamlParser(new YamlLimits(1 << 20, Integer.MAX_VALUE, Integer.MAX_VALUE, 50));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<String> seen = new AtomicReference<>("");
    Thread small =
        new Thread(
            null,
            () -> {
              try {
                StringBuilder out = new StringBuilder();
                for (Deep deep :
                    new Deep[] {
                      flowSequences(10_000),
                      flowMaps(10_000),
                      compactSequences(10_000),
                      mixedFlow(10_000)
                    }) {
                  YamlParse p = parse(unbounded, deep.text());
                  out.append(p.diagnostics().size()).append(p.root().isPresent()).append(' ');
                }
                seen.set(out.toString());
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "small-stack",
            256 * 1024);
    small.start();
    small.join();
    assertThat(failure.get()).isNull();
    assertThat(seen.get()).isEqualTo("0true 0true 0true 0true ");
  }

  @Test
  void everyAliasCountsTowardsTheLimitScalarsToo() {
    StringBuilder y = new StringBuilder("base: &b x\n");
    int limit = YamlLimits.DEFAULT.maxAliases();
    for (int i = 1; i <= limit; i++) {
      y.append("k").append(i).append(": *b\n");
    }
    assertThat(parse(new YamlParser(), y.toString()).diagnostics()).isEmpty();
    y.append("k").append(limit + 1).append(": *b\n");
    YamlParse p = parse(new YamlParser(), y.toString());
    assertThat(only(p)).isEqualTo("nodes/a.yaml:" + (limit + 2) + ":" + 6 + " yaml.alias-limit");
    assertThat(p.diagnostics().get(0).message()).contains("" + limit);
  }

  @Test
  void billionLaughsNamesTheAliasThatCrossedALimit() {
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
    YamlParse p = parse(new YamlParser(), y.toString());
    assertThat(p.root()).isEmpty();
    // With the root, a is 10 values, b 91, c 820, d 7,381, e 66,430 (74,733 so far): the first *e
    // on line 6 passes 100,000, at alias 37 of 50.
    assertThat(only(p)).isEqualTo("nodes/a.yaml:6:8 yaml.too-many-values");
  }

  @Test
  void aliasesCannotNestDeeperThanTheLimitEither() {
    String inner = "[".repeat(40) + "1" + "]".repeat(40);
    String text = "a: &a " + inner + "\nb: " + "[".repeat(30) + "*a" + "]".repeat(30) + "\n";
    YamlParse p = parse(new YamlParser(), text);
    assertThat(only(p)).isEqualTo("nodes/a.yaml:2:34 yaml.too-deep");
    assertThat(p.diagnostics().get(0).message()).contains("*a");
  }

  @Test
  void recursiveAliasIsNamedWhereItIsUsed() {
    YamlParse p = parse(new YamlParser(), "a: &x\n  b: *x\n");
    assertThat(only(p)).isEqualTo("nodes/a.yaml:2:6 yaml.too-deep");
    assertThat(p.diagnostics().get(0).message()).contains("recursive");
  }

  @Test
  void undefinedAliasIsASyntaxErrorAtItsPlace() {
    YamlParse p = parse(new YamlParser(), "a: 1\nb: *nope\n");
    assertThat(only(p)).isEqualTo("nodes/a.yaml:2:4 yaml.syntax");
    assertThat(p.diagnostics().get(0).message()).contains("*nope");
  }
}
