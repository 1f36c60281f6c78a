package dev.trueup.load;

/** What a YAML 1.2 Core-schema scalar resolved to. */
public enum ScalarKind {
  STRING("a string"),
  INTEGER("an integer"),
  FLOAT("a number"),
  BOOLEAN("a boolean"),
  NULL("null");

  private final String description;

  ScalarKind(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
