package dev.trueup.model;

/** A reference to a secret by name; the value is resolved only when applying, never stored here. */
public record SecretRef(String name) {
  @Override
  public String toString() {
    return "{secret: " + name + "}";
  }
}
