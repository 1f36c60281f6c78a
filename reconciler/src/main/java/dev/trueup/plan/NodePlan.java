package dev.trueup.plan;

import dev.trueup.diff.Change;
import dev.trueup.diff.Note;
import dev.trueup.live.Reachability;
import dev.trueup.policy.Decision;
import java.util.List;
import java.util.Optional;

/**
 * The changes planned for one node, or why none could be: it was not reachable.
 *
 * @param decisions empty while the plan is undecided; once decided, one per change, in the same
 *     order
 */
public record NodePlan(
    String node,
    String environment,
    List<String> groups,
    Reachability reachability,
    List<Change> changes,
    List<Note> notes,
    List<Decision> decisions) {

  public NodePlan {
    groups = List.copyOf(groups);
    changes = List.copyOf(changes);
    notes = List.copyOf(notes);
    decisions = List.copyOf(decisions);
    if (!decisions.isEmpty() && decisions.size() != changes.size()) {
      throw new IllegalArgumentException(
          "node "
              + node
              + ": "
              + decisions.size()
              + " decisions for "
              + changes.size()
              + " changes");
    }
  }

  /** An undecided node plan. */
  public NodePlan(
      String node,
      String environment,
      List<String> groups,
      Reachability reachability,
      List<Change> changes,
      List<Note> notes) {
    this(node, environment, groups, reachability, changes, notes, List.of());
  }

  public boolean observed() {
    return reachability instanceof Reachability.Observed;
  }

  public boolean decided() {
    return !decisions.isEmpty() || changes.isEmpty();
  }

  /** The decision for the change at {@code index}, when the plan is decided. */
  public Optional<Decision> decision(int index) {
    return decisions.isEmpty() ? Optional.empty() : Optional.of(decisions.get(index));
  }

  public NodePlan withDecisions(List<Decision> d) {
    return new NodePlan(node, environment, groups, reachability, changes, notes, d);
  }
}
