package dev.trueup.validate;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.model.DesiredState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of validating a repository: every diagnostic, and the resolved state when there was
 * no error. Nothing downstream ever sees a state from an invalid revision.
 */
public record ValidationReport(
    Path repo, int files, Optional<DesiredState> state, List<Diagnostic> diagnostics) {

  public ValidationReport {
    diagnostics = List.copyOf(diagnostics);
  }

  public long errors() {
    return diagnostics.stream().filter(Diagnostic::isError).count();
  }

  public long warnings() {
    return diagnostics.size() - errors();
  }

  public boolean valid() {
    return errors() == 0 && state.isPresent();
  }
}
