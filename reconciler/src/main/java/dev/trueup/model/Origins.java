package dev.trueup.model;

import dev.trueup.diagnostic.SourceLocation;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where each field of a resolved resource was written, after inheritance: {@code image} may come
 * from the node file while {@code ports} come from the service definition. Reports and diagnostics
 * point there.
 *
 * @param self where the resource itself was declared (its key in the winning layer)
 */
public record Origins(SourceLocation self, Map<String, SourceLocation> fields) {

  public Origins {
    fields = Map.copyOf(fields);
  }

  public static Origins of(SourceLocation self) {
    return new Origins(self, Map.of());
  }

  /** Where a field came from, or where the resource was declared when the field was defaulted. */
  public SourceLocation of(String field) {
    return Optional.ofNullable(fields.get(field)).orElse(self);
  }

  public Map<String, SourceLocation> sorted() {
    return new TreeMap<>(fields);
  }
}
