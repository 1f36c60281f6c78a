package dev.trueup.cli;

import dev.trueup.report.TerminalText;
import dev.trueup.store.Approval;
import dev.trueup.store.Store;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code trueup approvals}: changes waiting for a person. */
@Command(
    name = "approvals",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "List the changes held for approval.")
final class ApprovalsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin StoreOption storeOption;

  @picocli.CommandLine.Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}); json as GET /api/v1/approvals.")
  OutputFormat output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Store store = storeOption.open()) {
      List<Approval> pending = store.approvals().pending();
      if (output == OutputFormat.JSON) {
        out.print(
            dev.trueup.history.HistoryJson.write(
                dev.trueup.history.ApprovalJson.detailed(store, pending)));
        out.flush();
        return 0;
      }
      if (pending.isEmpty()) {
        out.println("No changes are waiting for approval.");
      }
      for (Approval a : pending) {
        out.printf(
            "%s  %s %s  [%s] %s  (revision %s)%n",
            TerminalText.line(a.id()),
            TerminalText.line(a.node()),
            TerminalText.line(a.resource()),
            a.changeClass().yaml(),
            TerminalText.line(a.reason().orElse("")),
            TerminalText.line(a.desiredRevision()));
      }
      out.flush();
      return 0;
    }
  }
}
