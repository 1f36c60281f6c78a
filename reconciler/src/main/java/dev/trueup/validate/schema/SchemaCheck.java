package dev.trueup.validate.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.IriResourceLoader;
import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.load.DocumentKind;
import dev.trueup.load.RepoDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks each desired-state document against the JSON Schema of its kind ({@code schemas/} in the
 * jar) and explains every violation as a {@link Diagnostic} at the YAML line and column, worded for
 * people. Schemas are loaded and compiled once, from the classpath only (their {@code
 * https://trueup.dev/schemas/} ids are never fetched). Instances are immutable and safe to share
 * between threads; make one and reuse it.
 */
public final class SchemaCheck {

  /**
   * The prefix of every trueup schema {@code $id}; it maps to {@code schemas/} on the classpath.
   */
  public static final String ID_PREFIX = "https://trueup.dev/schemas/";

  static final String COMMON = "common.schema.json";

  private final Map<DocumentKind, Schema> schemas = new EnumMap<>(DocumentKind.class);
  private final SchemaIndex index;

  public SchemaCheck() {
    JsonMapper mapper = JsonMapper.builder().build();
    Map<String, String> texts = new HashMap<>();
    Map<String, JsonNode> trees = new HashMap<>();
    texts.put(ID_PREFIX + COMMON, resource(COMMON));
    for (DocumentKind kind : DocumentKind.values()) {
      texts.put(ID_PREFIX + kind.schemaFile(), resource(kind.schemaFile()));
    }
    texts.forEach((id, text) -> trees.put(id, mapper.readTree(text)));
    this.index = new SchemaIndex(trees);
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder ->
                builder
                    .schemas(texts)
                    .resourceLoaders(
                        loaders ->
                            loaders.values(
                                list -> list.removeIf(l -> l instanceof IriResourceLoader))));
    for (DocumentKind kind : DocumentKind.values()) {
      Schema schema = registry.getSchema(SchemaLocation.of(ID_PREFIX + kind.schemaFile()));
      schema.initializeValidators();
      schemas.put(kind, schema);
    }
  }

  /** Every schema violation in the document, sorted by place; empty when it conforms. */
  public List<Diagnostic> check(RepoDocument doc) {
    JsonNode instance = JsonTree.of(doc.root());
    List<Error> errors = schemas.get(doc.kind()).validate(instance);
    if (errors.isEmpty()) {
      return List.of();
    }
    return new Explainer(index, doc).explain(errors);
  }

  private static String resource(String name) {
    String path = "schemas/" + name;
    try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("schema " + path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + path, e);
    }
  }
}
