package dev.trueup.report;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.load.LoadedRepo;
import dev.trueup.validate.ValidationReport;

/**
 * Compiler-style text: {@code file:line:col: error: message}, a hint line, then a summary. Messages
 * quote the user's text and paths are the user's keys, so everything goes through {@link
 * TerminalText}.
 */
public final class ValidationText {
  private ValidationText() {}

  /**
   * @param shownRepo the repository path as the user wrote it, prefixed to file names so that
   *     editors and terminals can jump to them
   */
  public static String render(ValidationReport report, String shownRepo, Palette palette) {
    StringBuilder out = new StringBuilder();
    String prefix =
        shownRepo.isEmpty() || shownRepo.equals(".")
            ? ""
            : TerminalText.line(stripSlash(shownRepo)) + "/";
    for (Diagnostic d : report.diagnostics()) {
      // The repository itself is named as the user wrote it, not prefixed with itself.
      String where =
          TerminalText.line(
              d.location().file().equals(LoadedRepo.REPOSITORY)
                  ? (prefix.isEmpty() ? "." : stripSlash(shownRepo))
                  : prefix + d.location());
      String label =
          d.isError()
              ? palette.red(d.severity().label() + ":")
              : palette.yellow(d.severity().label() + ":");
      out.append(palette.bold(where))
          .append(": ")
          .append(label)
          .append(' ')
          .append(TerminalText.line(d.message()));
      if (!d.path().isEmpty()) {
        out.append(palette.dim(" (" + TerminalText.line(d.path()) + ")"));
      }
      out.append(palette.dim(" [" + TerminalText.line(d.code()) + "]")).append('\n');
      if (d.related() != null) {
        out.append("  ")
            .append(palette.dim("see " + prefix + TerminalText.line(d.related().toString())))
            .append('\n');
      }
      if (d.hint() != null) {
        out.append("  hint: ").append(TerminalText.line(d.hint())).append('\n');
      }
    }
    out.append(summary(report, palette)).append('\n');
    return out.toString();
  }

  static String summary(ValidationReport report, Palette palette) {
    long errors = report.errors();
    long warnings = report.warnings();
    String files = report.files() + (report.files() == 1 ? " file" : " files");
    if (errors == 0) {
      String nodes = report.state().map(s -> ", " + s.nodes().size() + " nodes").orElse("");
      String warn = warnings == 0 ? "" : ", " + plural(warnings, "warning");
      return palette.green("valid") + ": " + files + nodes + warn;
    }
    return palette.red("invalid")
        + ": "
        + plural(errors, "error")
        + (warnings == 0 ? "" : ", " + plural(warnings, "warning"))
        + " in "
        + files;
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
