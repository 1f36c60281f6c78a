package dev.trueup.validate.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.load.DocumentKind;
import dev.trueup.load.RepoDocument;
import dev.trueup.load.YamlParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SchemaCheckTest {

  private static final SchemaCheck CHECK = new SchemaCheck();

  private static RepoDocument doc(DocumentKind kind, String yaml) {
    String file = kind.label() + "s/example.yaml";
    return new RepoDocument(
        kind,
        file,
        "example",
        new YamlParser().parse(file, yaml.getBytes(StandardCharsets.UTF_8)).root().orElseThrow());
  }

  @Test
  void unknownFieldPointsAtTheKeyAndSuggestsTheClosestAllowedName() {
    List<Diagnostic> found =
        CHECK.check(
            doc(
                DocumentKind.NODE,
                """
                node: aurora
                environment: production
                connection: {driver: local}
                services:
                  postgres: {imgae: "postgres:16.4"}
                """));
    assertThat(found).hasSize(1);
    Diagnostic d = found.get(0);
    assertThat(d.code()).isEqualTo("schema.unknown-field");
    assertThat(d.message()).isEqualTo("unknown field 'imgae'");
    assertThat(d.hint()).isEqualTo("did you mean 'image'?");
    assertThat(d.path()).isEqualTo("services.postgres.imgae");
    assertThat(d.location().toString()).isEqualTo("nodes/example.yaml:5:14");
  }

  @Test
  void unquotedModeExplainsYaml12() {
    Diagnostic d =
        CHECK
            .check(
                doc(
                    DocumentKind.GROUP,
                    """
                    group: lead
                    defaults:
                      directories:
                        /srv: {mode: 0755}
                    """))
            .get(0);
    assertThat(d.message())
        .isEqualTo("'mode' must be a quoted string like \"0640\", not the number 755");
    assertThat(d.hint()).isEqualTo("YAML 1.2 reads unquoted 0755 as the number 755; quote it");
    assertThat(d.path()).isEqualTo("defaults.directories./srv.mode");
  }

  @Test
  void listItemsArePathedWithIndexes() {
    Diagnostic d =
        CHECK
            .check(
                doc(
                    DocumentKind.SERVICE,
                    """
                    service: web
                    image: nginx:1.27
                    ports: ["8080:80", "80:80:80:80"]
                    """))
            .get(0);
    assertThat(d.path()).isEqualTo("ports[1]");
    assertThat(d.code()).isEqualTo("schema.pattern");
  }

  @Test
  void secretLiteralsAreNeverEchoed() {
    List<Diagnostic> found =
        CHECK.check(
            doc(
                DocumentKind.SERVICE,
                """
                service: web
                image: nginx:1.27
                env: {API_TOKEN: s3cr3t-value}
                """));
    assertThat(found).extracting(Diagnostic::code).containsExactly("schema.secret-literal");
    assertThat(found.get(0).message()).doesNotContain("s3cr3t-value");
    assertThat(found.get(0).hint()).doesNotContain("s3cr3t-value");
  }

  @Test
  void everySchemaObjectWithPropertiesClosesItself() throws IOException {
    Path schemas = SchemaExamplesTest.projectRoot().resolve("schemas");
    List<String> open = new ArrayList<>();
    try (Stream<Path> files = Files.list(schemas)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".schema.json")).toList()) {
        JsonNode tree = JsonMapper.builder().build().readTree(Files.readString(file));
        assertThat(tree.path("$id").asString())
            .isEqualTo(SchemaCheck.ID_PREFIX + file.getFileName());
        assertThat(tree.path("title").isString()).as(file + " has a title").isTrue();
        walk(tree, file.getFileName().toString(), open);
      }
    }
    assertThat(open).as("schema objects without additionalProperties").isEmpty();
  }

  private static void walk(JsonNode node, String where, List<String> open) {
    if (node.isObject()) {
      if (node.has("properties") && !node.has("additionalProperties")) {
        open.add(where);
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        // an if condition or an else refinement only narrows what its object already closes
        if (!e.getKey().equals("if") && !e.getKey().equals("else")) {
          walk(e.getValue(), where + "/" + e.getKey(), open);
        }
      }
    } else if (node.isArray()) {
      int i = 0;
      for (JsonNode item : node) {
        walk(item, where + "/" + i++, open);
      }
    }
  }

  @Test
  void checksAThousandDocumentsQuicklyAndFromManyThreads() throws IOException {
    Path examples = SchemaExamplesTest.projectRoot().resolve("schemas/examples");
    List<RepoDocument> samples = new ArrayList<>();
    for (String folder : List.of("valid", "invalid")) {
      try (Stream<Path> files = Files.list(examples.resolve(folder))) {
        for (Path f : files.sorted().toList()) {
          samples.add(SchemaExamplesTest.Example.read(f).document());
        }
      }
    }
    List<RepoDocument> thousand = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      thousand.add(samples.get(i % samples.size()));
    }
    List<List<Diagnostic>> sequential = thousand.stream().map(CHECK::check).toList();

    long start = System.nanoTime();
    int problems = 0;
    for (RepoDocument d : thousand) {
      problems += CHECK.check(d).size();
    }
    long sequentialMillis = (System.nanoTime() - start) / 1_000_000;

    start = System.nanoTime();
    List<List<Diagnostic>> parallel = thousand.parallelStream().map(CHECK::check).toList();
    long parallelMillis = (System.nanoTime() - start) / 1_000_000;

    System.out.printf(
        "schema check: 1000 documents (%d diagnostics) in %d ms sequential, %d ms parallel%n",
        problems, sequentialMillis, parallelMillis);
    assertThat(parallel).isEqualTo(sequential);
  }
}
