package dev.trueup.cli;

import dev.trueup.apply.Rollout;
import dev.trueup.engine.ApplyPipeline;
import dev.trueup.engine.ApplyRun;
import dev.trueup.engine.Drivers;
import dev.trueup.engine.Progress;
import dev.trueup.notify.StoreNotifier;
import dev.trueup.plan.Plan;
import dev.trueup.report.Palette;
import dev.trueup.report.ValidationText;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trueup apply}: plan, decide by the policy, apply what it allows, hold the rest. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Plan, then apply what the decision matrix allows (environments in promotion order),"
            + " hold for approval what must wait, and notify about business decisions.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:everything allowed was applied (changes may be held for approval)",
      "1:refused (invalid, stale plan, mass deletion, a name the desired state does not have), a"
          + " node failed, or a usage error"
    })
final class ApplyCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin RepoOption repoOption;
  @Mixin StoreOption storeOption;
  @Mixin SelectionOption selectionOption;

  @Option(
      names = "--plan",
      description = "Apply a plan saved with `trueup plan --out`; refused if it is stale.")
  Path savedPlan;

  @Option(names = "--only-approved", description = "Apply only changes a person approved.")
  boolean onlyApproved;

  @Option(
      names = "--allow-mass-delete",
      description = "Allow a desired state that removes most of what trueup manages.")
  boolean allowMassDelete;

  @Option(
      names = "--max-failed-nodes",
      defaultValue = "1",
      description =
          "Failed nodes tolerated: no new node is started once more than this many have failed"
              + " (default: ${DEFAULT-VALUE}, so a second failure stops; 0 stops at the first).")
  int maxFailed;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description =
          "text or json (default: ${DEFAULT-VALUE}); json is the recorded run as `trueup history"
              + " show ID -o json` gives it, with the decided plan and the approvals it asked for.")
  OutputFormat output;

  @Option(names = "--parallelism", defaultValue = "8", description = "Nodes at once.")
  int parallelism;

  @Override
  public Integer call() {
    if (maxFailed < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--max-failed-nodes: must be 0 or more, not " + maxFailed);
    }
    PrintWriter out = spec.commandLine().getOut();
    Optional<Plan> saved =
        savedPlan == null ? Optional.empty() : Optional.of(SavedPlan.read(savedPlan).plan());
    try (Store store = storeOption.open()) {
      ApplyRun run =
          new ApplyPipeline(new Validator(), Drivers::standard, store, Progress.NONE)
              .run(
                  Path.of(repoOption.repo),
                  new ApplyPipeline.Options(
                      selectionOption.selection(),
                      onlyApproved,
                      allowMassDelete,
                      saved,
                      parallelism,
                      new Rollout.FailureThreshold(maxFailed, 1.0)));
      // Alerts go to the outbox; `trueup notify --deliver` (or the reconciler) sends them.
      run.validation().state().ifPresent(state -> StoreNotifier.of(state, store).record(run));
      if (output == OutputFormat.JSON) {
        out.print(
            run.validation().valid()
                ? dev.trueup.history.HistoryJson.write(ApplyJson.of(store, run))
                : dev.trueup.report.ValidationJson.render(run.validation()));
      } else if (!run.validation().valid()) {
        out.print(ValidationText.render(run.validation(), repoOption.repo, Palette.detect()));
      } else {
        run.plan()
            .filter(plan -> run.refused().isEmpty())
            .ifPresent(
                plan -> selectionOption.noteIfNothingMatched(plan, spec.commandLine().getErr()));
        out.print(ApplyText.render(run, Palette.detect()));
      }
      out.flush();
      return run.failed() ? 1 : 0;
    }
  }
}
