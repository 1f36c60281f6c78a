package dev.trueup.cli;

import dev.trueup.model.DesiredState;
import dev.trueup.notify.Deliverer;
import dev.trueup.serve.NotificationDelivery;
import dev.trueup.store.Store;
import dev.trueup.validate.ValidationReport;
import dev.trueup.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trueup notify --deliver}: send the notifications that are due, once. */
@Command(
    name = "notify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Send the due notifications from the outbox once (channels from fleet.yaml).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:all sent",
      "1:some failed (retried later), the repository is invalid, or a usage error"
    })
final class NotifyCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin RepoOption repoOption;

  @Option(names = "--deliver", required = true, description = "Deliver the due messages once.")
  boolean deliver;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ValidationReport report = new Validator().validate(Path.of(repoOption.repo));
    if (!report.valid()) {
      err.println("trueup notify: the repository is not valid; run trueup validate");
      err.flush();
      return Main.FAILURE;
    }
    DesiredState state = report.state().orElseThrow();
    try (Store store = storeOption.open()) {
      Deliverer.Report r =
          new NotificationDelivery(store, () -> Optional.of(state))
              .deliverOnce()
              .orElse(new Deliverer.Report(0, 1));
      if (output == OutputFormat.JSON) {
        tools.jackson.databind.node.ObjectNode o =
            dev.trueup.history.HistoryJson.MAPPER.createObjectNode();
        o.put("format", "trueup-notify/1");
        o.put("sent", r.sent());
        o.put("failed", r.failed());
        out.print(dev.trueup.history.HistoryJson.write(o));
      } else {
        out.printf(
            "Sent %d notification(s); %d failed and will be retried.%n", r.sent(), r.failed());
      }
      out.flush();
      return r.failed() == 0 ? 0 : 1;
    }
  }
}
