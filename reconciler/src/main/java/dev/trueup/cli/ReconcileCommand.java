package dev.trueup.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code trueup reconcile --dry-run}: the same as {@code trueup plan}. Without --dry-run it names
 * the commands that reconcile for real: {@code trueup apply} once, {@code trueup serve} always.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "With --dry-run: exactly `trueup plan`. Reconciling for real is `trueup apply` (once) or"
            + " `trueup serve` (continuously).")
final class ReconcileCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--dry-run", description = "Plan only; change nothing (same as `trueup plan`).")
  boolean dryRun;

  @Unmatched List<String> rest = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    if (!dryRun) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "reconcile needs --dry-run (the same as trueup plan); to reconcile for real, run"
              + " trueup apply (once) or trueup serve (continuously)");
    }
    CommandLine plan = Main.configure(new CommandLine(new PlanCommand()));
    plan.setOut(spec.commandLine().getOut());
    plan.setErr(spec.commandLine().getErr());
    return plan.execute(rest.toArray(String[]::new));
  }
}
