package dev.trueup.resolve;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.model.DesiredState;
import java.util.List;
import java.util.Optional;

/** The resolved desired state (only when no error was found) and every diagnostic. */
public record Resolution(Optional<DesiredState> state, List<Diagnostic> diagnostics) {
  public Resolution {
    diagnostics = List.copyOf(diagnostics);
  }
}
