package dev.trueup.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.report.TerminalText;
import dev.trueup.testing.Golden;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.TreeCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case under corpus/cases/ overlays a few files onto the valid corpus/base fleet and names, in
 * expect.txt, exactly the diagnostics the validator must report (file:line:col code message).
 */
class BadInputCorpusTest {
  private static final Path CORPUS = ProjectRoot.module().resolve("src/test/resources/corpus");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(CORPUS.resolve("cases"))) {
      return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  static String lines(ValidationReport report) {
    return report.diagnostics().stream()
            .map(BadInputCorpusTest::line)
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  /** One line per diagnostic, as a terminal shows it (controls in a message escaped). */
  private static String line(Diagnostic d) {
    return TerminalText.line(
        d.location()
            + " "
            + d.severity().label()
            + " "
            + d.code()
            + " "
            + d.message()
            + (d.hint() == null ? "" : " | hint: " + d.hint()));
  }

  @Test
  void baseFleetIsValid() {
    ValidationReport report = new Validator().validate(CORPUS.resolve("base"));
    assertThat(report.diagnostics()).isEmpty();
    assertThat(report.valid()).isTrue();
    assertThat(report.state().orElseThrow().nodes()).containsOnlyKeys("alpha", "beta");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactlyTheExpectedDiagnostics(String name, @TempDir Path repo) {
    Path dir = CORPUS.resolve("cases").resolve(name);
    TreeCopy.copy(CORPUS.resolve("base"), repo);
    TreeCopy.copy(dir, repo, "expect.txt");
    ValidationReport report = new Validator().validate(repo);
    assertThat(report.valid()).as("an invalid revision never yields a state").isFalse();
    assertThat(report.state()).isEmpty();
    Golden.assertMatches(dir.resolve("expect.txt"), lines(report));
  }
}
