package dev.trueup.model;

/** An environment variable's desired value: literal text, or a secret reference. */
public sealed interface EnvValue {
  record Literal(String text) implements EnvValue {
    @Override
    public String display() {
      return text;
    }
  }

  record Secret(SecretRef ref) implements EnvValue {
    @Override
    public String display() {
      return ref.toString();
    }
  }

  /** What reports may print: the literal, or the reference, never a secret value. */
  String display();

  static EnvValue literal(String text) {
    return new Literal(text);
  }
}
