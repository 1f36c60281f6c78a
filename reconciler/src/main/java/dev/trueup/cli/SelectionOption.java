package dev.trueup.cli;

import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * {@code --node}, {@code --environment}, {@code --group}: which nodes a command works on. A name
 * the desired state does not have is an error (the pipeline refuses it, with a did-you-mean); known
 * names that match no node together (a node of another environment) are not, but are said.
 */
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

  /** On stderr, so a plan's output stays as it is: nothing matched, though every name exists. */
  void noteIfNothingMatched(Plan plan, PrintWriter stderr) {
    Selection selection = selection();
    if (plan.nodes().isEmpty() && !selection.isAll()) {
      stderr.println("note: no node matches all of " + selection.describe());
      stderr.flush();
    }
  }
}
