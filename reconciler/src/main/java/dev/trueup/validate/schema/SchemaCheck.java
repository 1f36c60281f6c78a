package dev.trueup.validate.schema;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.load.RepoDocument;
import java.util.List;

public final class SchemaCheck {
  public List<Diagnostic> check(RepoDocument doc) {
    return List.of();
  }
}
