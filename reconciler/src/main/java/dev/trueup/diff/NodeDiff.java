package dev.trueup.diff;

import java.util.List;

/** The changes that make one node equal to its desired state, and what could not be compared. */
public record NodeDiff(List<Change> changes, List<Note> notes) {
  public NodeDiff {
    changes = List.copyOf(changes);
    notes = List.copyOf(notes);
  }
}
