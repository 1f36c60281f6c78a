package dev.trueup.cli;

import dev.trueup.policy.SnoozeRequest;
import dev.trueup.report.TerminalText;
import dev.trueup.store.Snooze;
import dev.trueup.store.Store;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trueup snooze NODE [--resource KIND:ID] --until WHEN --reason TEXT}: live drift there is
 * neither reverted nor alerted until then, and plans and reports say it is snoozed.
 */
@Command(
    name = "snooze",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Leave live drift on a node (or one resource of it) alone until a date: neither reverted"
            + " nor alerted, shown as snoozed; afterwards the normal policy applies again.")
final class SnoozeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Parameters(index = "0", description = "The node.")
  String node;

  @Option(
      names = "--resource",
      description = "One resource, KIND:ID (as plans name it, e.g. file:/etc/motd); default: all.")
  String resource;

  @Option(
      names = "--until",
      required = true,
      description =
          "When the snooze ends: an instant (2026-12-24T08:00:00Z), a date (ends at its start, UTC)"
              + " or +N hours or days (+12h, +7d).")
  String until;

  @Option(names = "--reason", required = true, description = "Why (kept with the snooze).")
  String reason;

  @Option(names = "--by", description = "Who snoozes (default: $USER, else the OS account).")
  String by;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SnoozeRequest request;
    switch (SnoozeRequest.check(
        node, Optional.ofNullable(resource), until, reason, Instant.now())) {
      case SnoozeRequest.Checked.Ok ok -> request = ok.request();
      case SnoozeRequest.Checked.Invalid bad -> {
        bad.problems().forEach(p -> err.println("--" + TerminalText.line(p)));
        err.flush();
        return Main.USAGE;
      }
    }
    Who who = Who.current(by);
    who.note().ifPresent(n -> err.println(spec.qualifiedName() + ": " + n));
    try (Store store = storeOption.open()) {
      Snooze s =
          store
              .snoozes()
              .add(
                  request.node(),
                  request.resource(),
                  request.until(),
                  request.reason(),
                  who.name());
      out.printf(
          "snoozed %s%s until %s by %s: %s%n",
          TerminalText.line(s.node()),
          s.resource().map(r -> " " + TerminalText.line(r)).orElse(" (every resource)"),
          s.until(),
          TerminalText.line(s.by()),
          TerminalText.line(s.reason()));
      out.flush();
      return 0;
    }
  }

  /** {@code trueup snoozes}: the snoozes in force, or all of them with {@code --all}. */
  @Command(
      name = "snoozes",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "List snoozed drift: node, resource, until, who and why.")
  static final class List implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin StoreOption storeOption;

    @Option(names = "--all", description = "Also the snoozes whose date has passed.")
    boolean all;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Store store = storeOption.open()) {
        java.util.List<Snooze> snoozes = all ? store.snoozes().all() : store.snoozes().active();
        if (snoozes.isEmpty()) {
          out.println(all ? "no snoozes recorded" : "no snoozes in force");
        }
        Instant now = Instant.now();
        for (Snooze s : snoozes) {
          out.printf(
              "%s %s until %s%s by %s: %s%n",
              TerminalText.line(s.node()),
              s.resource().map(TerminalText::line).orElse("(every resource)"),
              s.until(),
              s.until().isAfter(now) ? "" : " (ended)",
              TerminalText.line(s.by()),
              TerminalText.line(s.reason()));
        }
        out.flush();
        return 0;
      }
    }
  }
}
