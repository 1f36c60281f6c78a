package dev.trueup.backend;

import dev.trueup.diff.Change;
import dev.trueup.diff.NodeDiff;
import dev.trueup.diff.Note;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.RenderError;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a rendered node with what was observed there, by asking each back end of {@link
 * BackEnds#ALL} for the changes of its kinds. Pure. A node that was not observed has no changes; a
 * resource that failed to render is a note, and nothing is proposed at its path.
 */
public final class Differ {
  private Differ() {}

  public static List<Change> diff(DesiredNode desired, LiveNode live) {
    return compare(desired, live).changes();
  }

  public static NodeDiff compare(DesiredNode desired, LiveNode live) {
    List<Change> changes = new ArrayList<>();
    List<Note> notes = new ArrayList<>();
    for (RenderError e : desired.errors()) {
      notes.add(
          new Note(
              Note.Kind.RENDER_ERROR,
              e.path().orElse(desired.node()),
              e.origin() + ": " + e.message()));
    }
    if (!live.observed()) {
      return new NodeDiff(changes, notes);
    }
    for (BackEnd b : BackEnds.ALL) {
      b.differ().diff(desired, live, changes, notes);
    }
    return new NodeDiff(changes, notes);
  }
}
