package dev.trueup.cli;

import dev.trueup.render.ResourceKind;
import dev.trueup.report.TerminalText;
import dev.trueup.store.Snooze;
import dev.trueup.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Pattern RELATIVE = Pattern.compile("\\+(\\d{1,4})([hd])");

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
    Optional<String> problem = resourceProblem();
    if (problem.isPresent()) {
      err.println("--resource " + TerminalText.line(resource) + ": " + problem.get());
      return Main.USAGE;
    }
    if (reason.isBlank()) {
      err.println("--reason must say why");
      return Main.USAGE;
    }
    Instant now = Instant.now();
    Optional<Instant> end = end(until, now);
    if (end.isEmpty()) {
      err.println(
          "--until "
              + TerminalText.line(until)
              + ": not an instant, a date or +N hours/days (e.g. 2026-12-24, +7d)");
      return Main.USAGE;
    }
    if (!end.get().isAfter(now)) {
      err.println(
          "--until " + TerminalText.line(until) + " has passed: a snooze ends in the future");
      return Main.USAGE;
    }
    Who who = Who.current(by);
    who.note().ifPresent(n -> err.println(spec.qualifiedName() + ": " + n));
    try (Store store = storeOption.open()) {
      Snooze s =
          store
              .snoozes()
              .add(node, Optional.ofNullable(resource), end.get(), reason.strip(), who.name());
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

  private Optional<String> resourceProblem() {
    if (resource == null) {
      return Optional.empty();
    }
    int colon = resource.indexOf(':');
    if (colon <= 0 || colon == resource.length() - 1) {
      return Optional.of("not KIND:ID");
    }
    String kind = resource.substring(0, colon);
    boolean known = Arrays.stream(ResourceKind.values()).anyMatch(k -> k.json().equals(kind));
    return known
        ? Optional.empty()
        : Optional.of(
            "no resource kind '"
                + TerminalText.line(kind)
                + "' (kinds: "
                + String.join(
                    ", ", Arrays.stream(ResourceKind.values()).map(ResourceKind::json).toList())
                + ")");
  }

  static Optional<Instant> end(String text, Instant now) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = RELATIVE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return Optional.of(
          now.plus(m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n)));
    }
    try {
      return Optional.of(Instant.parse(text.strip()));
    } catch (DateTimeParseException e) {
      // not an instant: a date, perhaps
    }
    try {
      return Optional.of(LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
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
