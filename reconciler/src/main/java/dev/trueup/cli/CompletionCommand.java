package dev.trueup.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trueup completion}: the shell completion script for every command and option, generated
 * from the command line itself so it cannot fall behind. One script serves bash and zsh (it loads
 * zsh's bash completion support itself).
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Print a completion script for bash or zsh.",
      "bash: source <(trueup completion)   zsh: source <(trueup completion zsh)"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "1:usage error (an unsupported shell)"})
final class CompletionCommand implements Callable<Integer> {

  /** The shells the generated script supports. */
  enum Shell {
    BASH,
    ZSH
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "bash",
      paramLabel = "SHELL",
      description = "bash or zsh (default: ${DEFAULT-VALUE}).")
  Shell shell;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(AutoComplete.bash("trueup", spec.root().commandLine()));
    out.flush();
    return 0;
  }
}
