package dev.trueup.load;

import dev.trueup.diagnostic.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * The result of parsing one file: its tree when it could be read at all, and every problem seen.
 */
public record YamlParse(Optional<YamlNode> root, List<Diagnostic> diagnostics) {

  public YamlParse {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean clean() {
    return root.isPresent() && diagnostics.stream().noneMatch(Diagnostic::isError);
  }
}
