package dev.trueup.cli;

import dev.trueup.engine.StoreWakeQueue;
import dev.trueup.engine.Wake;
import dev.trueup.report.TerminalText;
import dev.trueup.store.Approval;
import dev.trueup.store.Store;
import java.io.PrintWriter;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trueup approve ID} and {@code trueup reject ID --note ...}. */
abstract class DecideCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Parameters(index = "0", description = "The approval's id, as `trueup approvals` lists it.")
  String id;

  @Option(names = "--by", description = "Who decides (default: $USER, else the OS account).")
  String by;

  abstract Approval decide(Store store, String who);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Who asker = Who.current(by);
    asker
        .note()
        .ifPresent(n -> spec.commandLine().getErr().println(spec.qualifiedName() + ": " + n));
    String who = asker.name();
    try (Store store = storeOption.open()) {
      Approval a = decide(store, who);
      out.printf(
          "%s %s: %s %s%n",
          TerminalText.line(a.id()),
          a.status().name().toLowerCase(),
          TerminalText.line(a.node()),
          TerminalText.line(a.resource()));
      if (a.status() == Approval.Status.APPROVED) {
        // A running serve sharing this store applies it on its next look at the queue.
        StoreWakeQueue.queue(store, Wake.manual("approval " + a.id() + " by " + who));
      }
      out.flush();
      return 0;
    } catch (NoSuchElementException e) {
      err.println("no approval has the id " + TerminalText.line(id));
      return 1;
    } catch (IllegalStateException e) {
      err.println(TerminalText.line(e.getMessage()));
      return 1;
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Approve a held change: the next apply carries it out.")
  static final class Approve extends DecideCommand {
    @Option(names = "--note", description = "Why (kept with the decision).")
    String note;

    @Override
    Approval decide(Store store, String who) {
      return store.approvals().approve(id, who, note);
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Reject a held change: it is not applied for this revision.")
  static final class Reject extends DecideCommand {
    @Option(names = "--note", required = true, description = "Why (required).")
    String note;

    @Override
    Approval decide(Store store, String who) {
      return store.approvals().reject(id, who, note);
    }
  }
}
