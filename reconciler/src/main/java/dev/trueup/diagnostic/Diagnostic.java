package dev.trueup.diagnostic;

import java.util.Comparator;
import java.util.Objects;

/**
 * A problem with the user's input, pointing at where it is and saying how to fix it.
 *
 * @param code a stable identifier of the rule (for tests, docs and suppression), e.g. {@code
 *     yaml.duplicate-key}
 * @param path the YAML path of the offending value, e.g. {@code services.postgres.image}; empty
 *     when the problem is about the file as a whole
 * @param hint how to fix it, or null
 * @param related a second place that matters (the first of two duplicate keys), or null
 */
public record Diagnostic(
    Severity severity,
    String code,
    SourceLocation location,
    String path,
    String message,
    String hint,
    SourceLocation related) {

  public static final Comparator<Diagnostic> BY_PLACE =
      Comparator.comparing((Diagnostic d) -> d.location().file())
          .thenComparingInt(d -> d.location().line())
          .thenComparingInt(d -> d.location().column())
          .thenComparing(Diagnostic::code)
          .thenComparing(Diagnostic::message);

  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    path = path == null ? "" : path;
  }

  public static Diagnostic error(String code, SourceLocation at, String path, String message) {
    return new Diagnostic(Severity.ERROR, code, at, path, message, null, null);
  }

  public Diagnostic withHint(String newHint) {
    return new Diagnostic(severity, code, location, path, message, newHint, related);
  }

  public Diagnostic withRelated(SourceLocation other) {
    return new Diagnostic(severity, code, location, path, message, hint, other);
  }

  public Diagnostic asWarning() {
    return new Diagnostic(Severity.WARNING, code, location, path, message, hint, related);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
