package dev.trueup.load;

import java.util.Optional;

/** The kinds of file in a desired-state repository, where they live and what names them. */
public enum DocumentKind {
  FLEET("fleet", null, "fleet.yaml"),
  POLICY("policy", null, "policy.yaml"),
  GROUP("group", "groups", null),
  SERVICE("service", "services", null),
  NODE("node", "nodes", null);

  private final String nameKey;
  private final String directory;
  private final String fileName;

  DocumentKind(String nameKey, String directory, String fileName) {
    this.nameKey = nameKey;
    this.directory = directory;
    this.fileName = fileName;
  }

  /** The top-level key that names the document ({@code node: aurora}); policy has none. */
  public Optional<String> nameKey() {
    return this == POLICY ? Optional.empty() : Optional.of(nameKey);
  }

  /** The directory holding one file per document, for kinds that have many. */
  public Optional<String> directory() {
    return Optional.ofNullable(directory);
  }

  /** The single file of a kind that has one. */
  public Optional<String> fileName() {
    return Optional.ofNullable(fileName);
  }

  /** The JSON Schema resource describing this kind, e.g. {@code node.schema.json}. */
  public String schemaFile() {
    return nameKey + ".schema.json";
  }

  public String label() {
    return nameKey;
  }
}
