package dev.trueup.cli;

import dev.trueup.report.Palette;
import dev.trueup.report.ValidationJson;
import dev.trueup.report.ValidationText;
import dev.trueup.validate.ValidationReport;
import dev.trueup.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trueup validate}: every problem of a desired-state repository, at once. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Check a desired-state repository: YAML, schemas, references and values.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:valid (warnings allowed)", "1:invalid, or a usage error"})
final class ValidateCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin RepoOption repoOption;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() {
    ValidationReport report = new Validator().validate(Path.of(repoOption.repo));
    PrintWriter out = spec.commandLine().getOut();
    out.print(
        switch (output) {
          case TEXT -> ValidationText.render(report, repoOption.repo, Palette.detect());
          case JSON -> ValidationJson.render(report);
        });
    out.flush();
    return report.valid() ? 0 : 1;
  }
}
