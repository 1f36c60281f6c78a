package dev.trueup.cli;

import dev.trueup.plan.Selection;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** {@code --node}, {@code --environment}, {@code --group}: which nodes a command works on. */
final class SelectionOption {
  @Option(
      names = {"-n", "--node"},
      description = "Only this node (repeatable).")
  List<String> nodes = List.of();

  @Option(
      names = {"-e", "--environment"},
      description = "Only nodes of this environment (repeatable).")
  List<String> environments = List.of();

  @Option(
      names = {"-g", "--group"},
      description = "Only members of this group (repeatable).")
  List<String> groups = List.of();

  Selection selection() {
    return Selection.of(new TreeSet<>(nodes), new TreeSet<>(environments), new TreeSet<>(groups));
  }
}
