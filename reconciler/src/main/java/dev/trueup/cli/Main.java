package dev.trueup.cli;

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
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
