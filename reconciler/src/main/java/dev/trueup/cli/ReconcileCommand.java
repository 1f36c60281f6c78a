package dev.trueup.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code trueup reconcile --dry-run}: the same as {@code trueup plan}. Reconciling for real
 * (applying) comes with the apply engine; until then this command refuses without --dry-run.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Reconcile the fleet. With --dry-run: exactly `trueup plan`.")
final class ReconcileCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--dry-run", description = "Plan only; change nothing (same as `trueup plan`).")
  boolean dryRun;

  @Unmatched List<String> rest = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    if (!dryRun) {
      spec.commandLine()
          .getErr()
          .println(
              "trueup reconcile: applying changes is not available in this release;"
                  + " use --dry-run (or trueup plan)");
      return 1;
    }
    CommandLine plan = new CommandLine(new PlanCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    plan.setOut(spec.commandLine().getOut());
    plan.setErr(spec.commandLine().getErr());
    return plan.execute(rest.toArray(String[]::new));
  }
}
