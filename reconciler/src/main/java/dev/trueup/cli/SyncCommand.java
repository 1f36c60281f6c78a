package dev.trueup.cli;

import dev.trueup.engine.StoreWakeQueue;
import dev.trueup.engine.Wake;
import dev.trueup.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trueup sync}: asks the running reconciler for a cycle that applies now, through the store
 * it shares (any replica takes it). An embedded store is open in the serving process only; there,
 * use {@code POST /api/v1/sync}.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Ask a running trueup serve for a cycle that applies now (through the shared store).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:queued",
      "1:the store could not be opened (in use: try the API), or a usage error"
    })
final class SyncCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Option(names = "--by", description = "Who asks (default: $USER, else the OS account).")
  String by;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Who asker = Who.current(by);
    asker
        .note()
        .ifPresent(n -> spec.commandLine().getErr().println(spec.qualifiedName() + ": " + n));
    String who = asker.name();
    try (Store store = storeOption.open()) {
      StoreWakeQueue.queue(store, Wake.manual("sync by " + who));
      out.println("queued: a running trueup serve applies on its next look at the queue");
      out.flush();
      return 0;
    } catch (RuntimeException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("trueup sync: " + e.getMessage());
      err.println("  with the embedded store, ask the serving process: POST /api/v1/sync");
      err.flush();
      return 1;
    }
  }
}
