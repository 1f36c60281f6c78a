package dev.trueup.diagnostic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects every problem found in one pass, so the user sees all of them at once rather than the
 * first. Stages add to it; nothing here throws.
 */
public final class Diagnostics {
  private final List<Diagnostic> items = new ArrayList<>();

  public Diagnostics add(Diagnostic d) {
    items.add(d);
    return this;
  }

  public Diagnostics addAll(Collection<Diagnostic> ds) {
    items.addAll(ds);
    return this;
  }

  public Diagnostics error(String code, SourceLocation at, String path, String message) {
    return add(Diagnostic.error(code, at, path, message));
  }

  public Diagnostics error(
      String code, SourceLocation at, String path, String message, String hint) {
    return add(Diagnostic.error(code, at, path, message).withHint(hint));
  }

  public boolean hasErrors() {
    return items.stream().anyMatch(Diagnostic::isError);
  }

  public int errorCount() {
    return (int) items.stream().filter(Diagnostic::isError).count();
  }

  public int size() {
    return items.size();
  }

  /** Sorted by file, line and column, duplicates removed. */
  public List<Diagnostic> sorted() {
    return items.stream().distinct().sorted(Diagnostic.BY_PLACE).toList();
  }
}
