package dev.trueup.cli;

import dev.trueup.report.Palette;
import dev.trueup.report.PlanFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trueup show plan.json}: a saved plan, printed again in any format. Reads nothing else. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Print a plan saved with `trueup plan --out` as text, JSON or Markdown; contacts nothing.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "1:the file cannot be read or is not a saved plan; usage error"})
final class ShowCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PLAN_FILE", description = "A plan saved with --out.")
  Path file;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text, json or markdown (default: ${DEFAULT-VALUE}).")
  PlanFormat output;

  @Override
  public Integer call() {
    SavedPlan saved = SavedPlan.read(file);
    PrintWriter out = spec.commandLine().getOut();
    out.print(output.render(saved.json(), Palette.detect()));
    out.flush();
    return 0;
  }
}
