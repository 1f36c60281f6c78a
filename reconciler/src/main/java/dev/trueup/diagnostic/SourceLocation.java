package dev.trueup.diagnostic;

/**
 * A place in the user's repository: a file relative to the repo root, with 1-based line and column.
 */
public record SourceLocation(String file, int line, int column) {

  /** Where a whole file is meant rather than a place inside it. */
  public static SourceLocation ofFile(String file) {
    return new SourceLocation(file, 0, 0);
  }

  public boolean hasLine() {
    return line > 0;
  }

  @Override
  public String toString() {
    return hasLine() ? file + ":" + line + ":" + column : file;
  }
}
