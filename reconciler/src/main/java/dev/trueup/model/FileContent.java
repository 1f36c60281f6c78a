package dev.trueup.model;

import java.util.Map;

/** Where a managed file's content comes from. */
public sealed interface FileContent {

  /** Rendered with FreeMarker from the repo's templates/ directory, with these variables. */
  record Template(String template, Map<String, Object> vars) implements FileContent {
    public Template {
      vars = Map.copyOf(vars);
    }
  }

  /** Copied verbatim from the repo's files/ directory. */
  record Source(String source) implements FileContent {}

  /** Written in the desired state itself. */
  record Inline(String text) implements FileContent {}
}
