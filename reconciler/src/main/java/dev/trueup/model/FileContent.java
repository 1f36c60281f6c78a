package dev.trueup.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a managed file's content comes from. */
public sealed interface FileContent {

  /**
   * Rendered with FreeMarker from the repo's templates/ directory, with these variables, in the
   * order they were written: a template that lists them must render the same file at every run
   * (Map.copyOf would iterate in an order that changes from one JVM to the next).
   */
  record Template(String template, Map<String, Object> vars) implements FileContent {
    public Template {
      vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }
  }

  /** Copied verbatim from the repo's files/ directory. */
  record Source(String source) implements FileContent {}

  /**
   * The value of a secret, resolved only when the file is written: desired state, plans and the
   * store hold the reference alone.
   */
  record Secret(SecretRef ref) implements FileContent {}

  /** Written in the desired state itself. */
  record Inline(String text) implements FileContent {}
}
