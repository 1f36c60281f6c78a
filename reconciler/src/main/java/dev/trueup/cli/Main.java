package dev.trueup.cli;

import dev.trueup.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trueup} command line. */
@Command(
    name = "trueup",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps a fleet equal to the desired state in a Git repository of YAML.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
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
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::storeFailure);
  }

  /**
   * A store that cannot be opened or used (in use by another process, open to other users, a server
   * that refuses) is the user's to fix: its message and exit 1, not a stack trace.
   */
  private static int storeFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed)
      throws Exception {
    if (!(e instanceof StoreException)) {
      throw e;
    }
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    command.getErr().flush();
    return 1;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
