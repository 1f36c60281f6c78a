package dev.trueup.diff;

import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredNode;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One back end's part of diffing a node: desired against live for the resources of its kinds, as
 * plan changes, and notes for what it cannot converge. Pure. Called only for an observed node;
 * kinds of other back ends in {@code desired} are left alone. Each driver's model package has one;
 * {@code backend.BackEnds} lists them.
 */
public interface KindDiffer {

  void diff(DesiredNode desired, LiveNode live, List<Change> changes, List<Note> notes);

  /** Paths this back end must see on the node besides its resources' own (none by default). */
  default SortedSet<String> alsoObserved(DesiredNode desired) {
    return new TreeSet<>();
  }
}
