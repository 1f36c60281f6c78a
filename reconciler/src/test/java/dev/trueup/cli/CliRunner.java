package dev.trueup.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the trueup command line in-process, capturing what it prints. */
public final class CliRunner {
  private CliRunner() {}

  /** One run: exit code, stdout, stderr. */
  public record Run(int exit, String out, String err) {}

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // As main() builds it: the named command alone when the arguments start with one.
    CommandLine cli = Main.commandLine(java.util.List.of(args));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
