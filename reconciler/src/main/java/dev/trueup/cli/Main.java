package dev.trueup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code trueup} command line. Exit codes: 0 success, 1 failure or usage error, and 2 only
 * where a command defines it as a result ({@code plan}: changes present; {@code drift}: drift
 * found), so a typo can never pass for "changes to review".
 */
@Command(
    name = "trueup",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps a fleet equal to the desired state in a Git repository of YAML.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:failed, or a usage error (no command, an unknown option or value)",
      "2:a result, never an error: plan has changes, drift found drift"
    },
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      ShowCommand.class,
      ReportCommand.class,
      ReconcileCommand.class,
      ApplyCommand.class,
      ServeCommand.class,
      SyncCommand.class,
      DriftCommand.class,
      HistoryCommand.class,
      ApprovalsCommand.class,
      NotifyCommand.class,
      DecideCommand.Approve.class,
      DecideCommand.Reject.class,
      SnoozeCommand.class,
      SnoozeCommand.List.class,
      AdoptCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {

  /** A command failed (and what plan, validate and the rest call an error). */
  static final int FAILURE = 1;

  /** A usage error: as a failure, never 2, which plan and drift use for a result. */
  static final int USAGE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code trueup} alone: the help, on stderr, and a usage error (nothing was done). */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    spec.commandLine().getErr().flush();
    return USAGE;
  }

  public static CommandLine commandLine() {
    return configure(new CommandLine(new Main()));
  }

  /** Every trueup command line (a nested one too) parses, fails and exits the same way. */
  static CommandLine configure(CommandLine cli) {
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(new FailurePrinter());
    setUsageExitCode(cli);
    return cli;
  }

  private static void setUsageExitCode(CommandLine cli) {
    cli.getCommandSpec().exitCodeOnInvalidInput(USAGE);
    cli.getSubcommands().values().forEach(Main::setUsageExitCode);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
