package dev.trueup.cli;

import dev.trueup.history.HistoryJson;
import dev.trueup.history.HistoryQuery;
import dev.trueup.history.HistoryText;
import dev.trueup.history.NodesJson;
import dev.trueup.history.Since;
import dev.trueup.model.value.Parsed;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trueup history}: what runs did, newest first; drift checks with what they found. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "List recorded runs newest first — applies and drift checks — with revision, status, times"
            + " and summary; drift checks name the nodes that drifted or could not be observed.",
    subcommands = {HistoryCommand.Show.class, HistoryCommand.Nodes.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:listed (also when nothing is recorded)",
      "1:the store could not be read, or a usage error"
    })
final class HistoryCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin StoreOption storeOption;

  @Option(
      names = "--kind",
      defaultValue = "all",
      description = "apply, drift, report or all (default: ${DEFAULT-VALUE}).")
  String kind;

  @Option(
      names = "--node",
      description = "Only runs that touched NODE, and drift checks that named it.")
  String node;

  @Option(
      names = "--revision",
      description = "Only runs of this desired revision, given in full or by its start.")
  String revision;

  @Option(
      names = "--since",
      description = "Only runs started since: a duration back from now (24h, 7d) or a date.")
  String since;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "At most this many runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Run.Kind> k = Optional.empty();
    if (!kind.equalsIgnoreCase("all")) {
      k = Run.Kind.fromJson(kind);
      if (k.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--kind: unknown kind '" + kind + "': use apply, drift, report or all");
      }
    }
    if (limit < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit: must be at least 1");
    }
    Optional<Instant> from = Optional.empty();
    if (since != null) {
      switch (Since.parse(since, Clock.systemUTC().instant())) {
        case Parsed.Ok<Instant>(Instant t) -> from = Optional.of(t);
        case Parsed.Invalid<Instant> bad ->
            throw new CommandLine.ParameterException(
                spec.commandLine(),
                "--since: " + bad.message() + (bad.hint() == null ? "" : " (" + bad.hint() + ")"));
      }
    }
    HistoryQuery query =
        new HistoryQuery(k, Optional.ofNullable(node), from, Optional.ofNullable(revision), limit);
    Optional<Store> opened = storeOption.openIfPresent();
    if (opened.isEmpty()) {
      // Never create a store just by looking.
      out.print(
          output == OutputFormat.JSON
              ? HistoryJson.write(HistoryJson.empty(query))
              : "no runs recorded yet\n");
      out.flush();
      return 0;
    }
    try (Store store = opened.get()) {
      var tree = HistoryJson.list(store, query);
      out.print(output == OutputFormat.JSON ? HistoryJson.write(tree) : HistoryText.list(tree));
      out.flush();
      return 0;
    }
  }

  /** {@code trueup history nodes}: each node's last seen, last missed and last converged. */
  @Command(
      name = "nodes",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description =
          "List each node with when a run last reached it, the revision last applied to it in full"
              + " and when, and, for a node away since its last run, since when and why.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:listed (also when nothing is recorded)", "1:a usage error"})
  static final class Nodes implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand HistoryCommand history;

    @Mixin StoreOption storeOption;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      StoreOption where = storeOption.store != null ? storeOption : history.storeOption;
      Optional<Store> opened = where.openIfPresent();
      if (opened.isEmpty()) {
        out.print(
            output == OutputFormat.JSON
                ? "{\"format\":\"" + NodesJson.FORMAT + "\",\"nodes\":[]}\n"
                : "no node reached or applied yet\n");
        out.flush();
        return 0;
      }
      try (Store store = opened.get()) {
        var tree = NodesJson.of(store);
        out.print(output == OutputFormat.JSON ? HistoryJson.write(tree) : HistoryText.nodes(tree));
        out.flush();
        return 0;
      }
    }
  }

  /** {@code trueup history show RUN_ID}: one run with its outcomes, or one drift report. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description =
          "Show one run: its facts, its outcomes and, for a drift check, the drift it found."
              + " With --drift-report the id is a drift report's.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:shown", "1:no such run or report, or a usage error"})
  static final class Show implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    /**
     * {@code trueup history --store X show N} means the same as {@code history show N --store X}.
     */
    @CommandLine.ParentCommand HistoryCommand history;

    @Mixin StoreOption storeOption;

    @Parameters(index = "0", paramLabel = "ID", description = "The run's id (see trueup history).")
    long id;

    @Option(names = "--drift-report", description = "ID is a drift report's id, not a run's.")
    boolean driftReport;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String what = (driftReport ? "drift report " : "run ") + id;
      StoreOption where = storeOption.store != null ? storeOption : history.storeOption;
      Optional<Store> opened = where.openIfPresent();
      if (opened.isEmpty()) {
        err.println("trueup history: no " + what + ": no runs recorded yet");
        err.flush();
        return 1;
      }
      try (Store store = opened.get()) {
        var tree = driftReport ? HistoryJson.driftReport(store, id) : HistoryJson.show(store, id);
        if (tree.isEmpty()) {
          err.println("trueup history: no " + what);
          err.flush();
          return 1;
        }
        String text =
            output == OutputFormat.JSON
                ? HistoryJson.write(tree.get())
                : driftReport
                    ? HistoryText.driftReport(tree.get().get("driftReport"))
                    : HistoryText.show(tree.get());
        out.print(text);
        out.flush();
        return 0;
      }
    }
  }
}
