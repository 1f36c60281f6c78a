package dev.trueup.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    })
public final class Main implements Callable<Integer> {

  /** Every command, in the order the help lists them. */
  private static final List<Class<?>> COMMANDS =
      List.of(
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
          CommandLine.HelpCommand.class);

  /** These speak of every command, so they need the whole tree. */
  private static final Set<Class<?>> NEED_ALL =
      Set.of(CompletionCommand.class, CommandLine.HelpCommand.class);

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

  /** The whole command line, every command in it. */
  public static CommandLine commandLine() {
    return commandLine(List.of());
  }

  /**
   * The command line for these arguments: when they start with a command's name, that command
   * alone, since building picocli's model of all of them is a tenth of a second of every run's
   * start-up (and {@code plan --server} is wanted fast); else every command, so usage, help and
   * did-you-mean see them all.
   */
  static CommandLine commandLine(List<String> args) {
    CommandLine cli = new CommandLine(new Main());
    Optional<Class<?>> only =
        args.isEmpty()
            ? Optional.empty()
            : COMMANDS.stream()
                .filter(c -> !NEED_ALL.contains(c) && named(c, args.getFirst()))
                .findFirst();
    only.map(List::<Class<?>>of).orElse(COMMANDS).forEach(cli::addSubcommand);
    return configure(cli);
  }

  private static boolean named(Class<?> command, String name) {
    Command c = command.getAnnotation(Command.class);
    return c.name().equals(name) || Arrays.asList(c.aliases()).contains(name);
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
    System.exit(commandLine(List.of(args)).execute(args));
  }
}
