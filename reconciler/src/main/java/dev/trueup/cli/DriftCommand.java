package dev.trueup.cli;

import dev.trueup.drift.DriftCheck;
import dev.trueup.drift.DriftReport;
import dev.trueup.engine.Drivers;
import dev.trueup.notify.StoreNotifier;
import dev.trueup.report.TerminalText;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trueup drift}: one drift check now (what {@code trueup serve --drift-every} schedules),
 * for cron and for tests. Observes only; never applies.
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Check every node once for drift — live state that moved away from the applied revision"
            + " outside trueup — and record the result in the store (see trueup history); with"
            + " --out also write the report's JSON and Markdown. Never applies.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:clean: every node observed, nothing drifted",
      "1:the check could not run (invalid desired state, store unavailable), or a usage error",
      "2:drift found, or nodes could not be observed"
    })
final class DriftCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin RepoOption repoOption;
  @Mixin StoreOption storeOption;

  @Option(
      names = "--out",
      description =
          "Archive directory for reports: <date>-drift-<revision>-<HHmm>.md and .json, index.md.")
  Path out;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(names = "--parallelism", defaultValue = "8", description = "Nodes observed at once.")
  int parallelism;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    try (Store store = storeOption.open()) {
      DriftCheck.Settings settings =
          DriftCheck.Settings.defaults()
              .withOut(out)
              .withTrigger("manual")
              .withParallelism(parallelism)
              .withNotifier(state -> Optional.of(StoreNotifier.of(state, store)));
      DriftCheck.Result result =
          new DriftCheck(new Validator(), Drivers::standard, store, settings)
              .run(Path.of(repoOption.repo), null);
      switch (result) {
        case DriftCheck.Result.Clean c -> {
          print(
              stdout,
              DriftReport.parse(c.report().summary()),
              c.report().id(),
              java.util.List.of());
          return 0;
        }
        case DriftCheck.Result.Drifted d -> {
          print(stdout, d.document(), d.report().id(), d.paths());
          return 2;
        }
        case DriftCheck.Result.Failed f -> {
          stderr.println("trueup drift: " + TerminalText.line(f.reason()));
          stderr.flush();
          return 1;
        }
      }
    } catch (RuntimeException e) {
      stderr.println(
          "trueup drift: "
              + TerminalText.line(e.getMessage() == null ? e.toString() : e.getMessage()));
      stderr.flush();
      return 1;
    }
  }

  private void print(PrintWriter stdout, DriftReport report, long id, java.util.List<Path> paths) {
    if (output == OutputFormat.JSON) {
      stdout.print(report.json());
    } else {
      stdout.println(report.headline());
      stdout.println(
          "recorded as drift report " + id + " (trueup history show --drift-report " + id + ")");
      for (Path p : paths) {
        stdout.println("wrote " + p);
      }
    }
    stdout.flush();
  }
}
