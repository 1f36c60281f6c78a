package dev.trueup.cli;

import dev.trueup.engine.DecisionHistory;
import dev.trueup.engine.Drivers;
import dev.trueup.engine.PlanPipeline;
import dev.trueup.engine.PlanRun;
import dev.trueup.engine.Progress;
import dev.trueup.engine.StoreHistory;
import dev.trueup.plan.ExitStatus;
import dev.trueup.plan.Plan;
import dev.trueup.report.Palette;
import dev.trueup.report.PlanJson;
import dev.trueup.report.PlanMarkdown;
import dev.trueup.report.PlanText;
import dev.trueup.report.ValidationJson;
import dev.trueup.report.ValidationText;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code trueup plan}: the dry run. Observes the fleet and prints what would change. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Compare the desired state with the live fleet and show what would change.",
    exitCodeListHeading = "%nExit codes (as terraform plan -detailed-exitcode):%n",
    exitCodeList = {
      "0:no changes",
      "2:changes present",
      "1:error: invalid desired state, or a node could not be observed or rendered"
    })
final class PlanCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin RepoOption repoOption;
  @Mixin StoreOption storeOption;
  @Mixin SelectionOption selectionOption;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text, json or markdown (default: ${DEFAULT-VALUE}).")
  PlanFormat output;

  @Option(names = "--out", description = "Also save the plan as JSON to this file.")
  Path out;

  @Option(
      names = "--parallelism",
      defaultValue = "16",
      description = "Nodes observed at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  /** Output formats of a plan. */
  enum PlanFormat {
    TEXT,
    JSON,
    MARKDOWN
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    PlanRun run;
    Optional<Store> store = storeOption.openIfPresent();
    try {
      DecisionHistory history =
          store.<DecisionHistory>map(StoreHistory::new).orElse(DecisionHistory.NONE);
      run =
          new PlanPipeline(
                  new Validator(), Drivers::standard, parallelism, progress(stderr), history)
              .run(Path.of(repoOption.repo), selectionOption.selection());
    } finally {
      store.ifPresent(Store::close);
    }
    if (run.plan().isEmpty()) {
      stdout.print(
          output == PlanFormat.JSON
              ? ValidationJson.render(run.validation())
              : ValidationText.render(run.validation(), repoOption.repo, Palette.detect()));
      stdout.flush();
      return ExitStatus.ERROR.code();
    }
    Plan plan = run.plan().get();
    String json = PlanJson.write(plan);
    if (out != null) {
      save(out, json);
    }
    JsonNode tree = PlanJson.parse(json);
    stdout.print(
        switch (output) {
          case TEXT -> PlanText.render(tree, Palette.detect());
          case JSON -> json;
          case MARKDOWN -> PlanMarkdown.render(tree);
        });
    stdout.flush();
    return ExitStatus.of(plan).code();
  }

  /** Written beside the target and moved into place, so a reader never sees half a plan. */
  private static void save(Path target, String json) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".plan-", ".json");
    Files.writeString(temp, json);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Progress on stderr once a run is big enough to make someone wait. */
  private static Progress progress(PrintWriter stderr) {
    return (done, total, node) -> {
      if (total >= 10 && (done == total || done % Math.max(1, total / 10) == 0)) {
        stderr.printf("observed %d/%d nodes%n", done, total);
        stderr.flush();
      }
    };
  }
}
