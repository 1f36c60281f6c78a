package dev.trueup.adopt;

import dev.trueup.diff.Change;
import java.util.List;

/** What adopting one live change into desired state comes to. */
public sealed interface Adoption {
  Change change();

  /** How a report names the change: {@code file /etc/motd}. */
  default String subject() {
    return change().kind().json() + " " + change().id();
  }

  /**
   * The edits that make desired state say what live says.
   *
   * @param notes what a reviewer must know (a template trueup could not invert, layers shared with
   *     other nodes)
   * @param exact whether, once merged, desired state renders exactly what is live (false when a
   *     live copy stands beside a template it could not invert)
   */
  record Edits(Change change, List<RepoEdit> edits, List<String> notes, boolean exact)
      implements Adoption {
    public Edits {
      edits = List.copyOf(edits);
      notes = List.copyOf(notes);
    }
  }

  /** Not adopted, and why: a secret, a kind adopt does not take, a value it cannot write back. */
  record Refused(Change change, String why) implements Adoption {}
}
