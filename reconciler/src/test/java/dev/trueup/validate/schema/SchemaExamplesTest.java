package dev.trueup.validate.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.load.DocumentKind;
import dev.trueup.load.RepoDocument;
import dev.trueup.load.YamlParse;
import dev.trueup.load.YamlParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks schemas/examples: every valid file must pass, every invalid file must produce exactly the
 * diagnostics its {@code # expect:} lines name (line:column code message), in order.
 */
class SchemaExamplesTest {

  private static final SchemaCheck CHECK = new SchemaCheck();
  private static final Pattern KIND = Pattern.compile("^# kind: (\\w+)\\s*$");
  private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+):(\\d+) (\\S+) (.*)$");

  static Path projectRoot() {
    String property = System.getProperty("trueup.project.root");
    if (property != null
        && !property.isBlank()
        && Files.isDirectory(Path.of(property, "schemas"))) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("schemas/examples"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the project root (schemas/examples)");
  }

  static Stream<Path> validExamples() throws IOException {
    return list("valid");
  }

  static Stream<Path> invalidExamples() throws IOException {
    return list("invalid");
  }

  private static Stream<Path> list(String folder) throws IOException {
    Path dir = projectRoot().resolve("schemas/examples").resolve(folder);
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).as("examples in " + dir).isNotEmpty();
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void validExampleHasNoDiagnostics(Path file) throws IOException {
    Example example = Example.read(file);
    assertThat(example.expected()).as("a valid example expects nothing").isEmpty();
    assertThat(render(CHECK.check(example.document()))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void invalidExampleHasExactlyTheExpectedDiagnostics(Path file) throws IOException {
    Example example = Example.read(file);
    assertThat(example.expected()).as("an invalid example needs # expect: lines").isNotEmpty();
    assertThat(render(CHECK.check(example.document())))
        .containsExactlyElementsOf(example.expected());
  }

  static List<String> render(List<Diagnostic> diagnostics) {
    return diagnostics.stream()
        .map(
            d ->
                d.location().line()
                    + ":"
                    + d.location().column()
                    + " "
                    + d.code()
                    + " "
                    + d.message())
        .toList();
  }

  record Example(RepoDocument document, List<String> expected) {

    static Example read(Path file) throws IOException {
      Path root = projectRoot();
      String label =
          root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
      byte[] bytes = Files.readAllBytes(file);
      DocumentKind kind = null;
      List<String> expected = new ArrayList<>();
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#")) {
          break;
        }
        Matcher k = KIND.matcher(line);
        if (k.matches()) {
          kind = DocumentKind.valueOf(k.group(1).toUpperCase(Locale.ROOT));
        }
        Matcher e = EXPECT.matcher(line);
        if (e.matches()) {
          expected.add(e.group(1) + ":" + e.group(2) + " " + e.group(3) + " " + e.group(4));
        }
      }
      if (kind == null) {
        String name = file.getFileName().toString();
        kind = DocumentKind.valueOf(name.substring(0, name.indexOf('-')).toUpperCase(Locale.ROOT));
      }
      YamlParse parse = new YamlParser().parse(label, bytes);
      assertThat(parse.diagnostics()).as("YAML problems in " + label).isEmpty();
      String stem = file.getFileName().toString().replaceFirst("\\.yaml$", "");
      return new Example(new RepoDocument(kind, label, stem, parse.root().orElseThrow()), expected);
    }
  }
}
