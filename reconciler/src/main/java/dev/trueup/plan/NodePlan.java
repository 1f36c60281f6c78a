package dev.trueup.plan;

import dev.trueup.diff.Change;
import dev.trueup.diff.Note;
import dev.trueup.observe.Reachability;
import java.util.List;

/** The changes planned for one node, or why none could be: it was not reachable. */
public record NodePlan(
    String node,
    String environment,
    List<String> groups,
    Reachability reachability,
    List<Change> changes,
    List<Note> notes) {

  public NodePlan {
    groups = List.copyOf(groups);
    changes = List.copyOf(changes);
    notes = List.copyOf(notes);
  }

  public boolean observed() {
    return reachability instanceof Reachability.Observed;
  }
}
