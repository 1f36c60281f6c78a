package dev.trueup.source;

import java.util.Objects;
import java.util.Optional;

/**
 * The commit the Git source now stands at.
 *
 * @param commitId the fetched commit (a tag is peeled to its commit)
 * @param ref the fully qualified ref it came from
 * @param previous the commit the source stood at before this sync, if any
 * @param historyRewritten true when {@code commitId} does not descend from {@code previous} (a
 *     force-push or a rewritten history): the run record must say so, and the diff is against live
 *     state, never against the previous commit
 */
public record Revision(
    String commitId, String ref, Optional<String> previous, boolean historyRewritten) {
  public Revision {
    Objects.requireNonNull(commitId, "commitId");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(previous, "previous");
  }
}
