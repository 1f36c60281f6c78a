package dev.trueup.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.IriResourceLoader;
import dev.trueup.testing.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The editor wiring works as an editor would use it: every example file names its schema in a
 * {@code yaml-language-server} modeline, and the file passes that schema when checked the standard
 * way (a plain YAML load, a plain JSON Schema 2020-12 validator over the files in {@code
 * schemas/}), not through trueup's own validation path.
 */
class EditorSchemaWiringTest {
  private static final Pattern MODELINE =
      Pattern.compile("^# yaml-language-server: \\$schema=(\\S+)$", Pattern.MULTILINE);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void everyExampleFileNamesTheSchemaOfItsKindAndPassesIt() throws IOException {
    Path root = ProjectRoot.path();
    SchemaRegistry registry = registryFrom(root.resolve("schemas"));
    List<Path> files = exampleFiles(root);
    assertThat(files).hasSizeGreaterThan(30);
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher m = MODELINE.matcher(text);
      if (!m.find()) {
        problems.add(root.relativize(file) + ": no yaml-language-server modeline");
        continue;
      }
      Path schemaFile = file.getParent().resolve(m.group(1)).normalize();
      String expected = kindOf(root, file) + ".schema.json";
      if (!schemaFile.equals(root.resolve("schemas").resolve(expected))) {
        problems.add(
            root.relativize(file) + ": modeline names " + m.group(1) + ", not " + expected);
        continue;
      }
      Object yaml = new Load(LoadSettings.builder().build()).loadFromString(text);
      JsonNode instance = JSON.valueToTree(yaml);
      Schema schema = registry.getSchema(SchemaLocation.of(idOf(schemaFile)));
      schema
          .validate(instance)
          .forEach(e -> problems.add(root.relativize(file) + ": " + e.getMessage()));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theModelineIsTheLastLineSoNoDeclaredLocationMoves() throws IOException {
    for (Path file : exampleFiles(ProjectRoot.path())) {
      List<String> lines = Files.readAllLines(file);
      assertThat(lines.getLast()).as("%s", file).startsWith("# yaml-language-server: $schema=");
    }
  }

  private static List<Path> exampleFiles(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    Path fleet = root.resolve("desired-state");
    out.add(fleet.resolve("fleet.yaml"));
    out.add(fleet.resolve("policy.yaml"));
    for (String dir : List.of("groups", "nodes", "services")) {
      out.addAll(yamlIn(fleet.resolve(dir)));
    }
    out.addAll(yamlIn(root.resolve("schemas/examples/valid")));
    return out;
  }

  private static List<Path> yamlIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /**
   * Where the file lives (desired-state) or how it is named (schemas/examples/valid/node-x.yaml).
   */
  private static String kindOf(Path root, Path file) {
    String name = file.getFileName().toString();
    if (file.startsWith(root.resolve("schemas"))) {
      return name.substring(0, name.indexOf('-'));
    }
    String dir = file.getParent().getFileName().toString();
    return switch (dir) {
      case "groups" -> "group";
      case "nodes" -> "node";
      case "services" -> "service";
      default -> name.substring(0, name.length() - ".yaml".length());
    };
  }

  private static SchemaRegistry registryFrom(Path schemas) throws IOException {
    Map<String, String> byId = new HashMap<>();
    for (Path p : schemasIn(schemas)) {
      byId.put(idOf(p), Files.readString(p));
    }
    // Never fetched: every $ref resolves among the files given here.
    return SchemaRegistry.withDefaultDialect(
        SpecificationVersion.DRAFT_2020_12,
        b ->
            b.schemas(byId)
                .resourceLoaders(
                    l -> l.values(list -> list.removeIf(x -> x instanceof IriResourceLoader))));
  }

  private static List<Path> schemasIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".schema.json")).toList();
    }
  }

  private static String idOf(Path schemaFile) {
    try {
      return JSON.readTree(Files.readString(schemaFile)).get("$id").asString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
