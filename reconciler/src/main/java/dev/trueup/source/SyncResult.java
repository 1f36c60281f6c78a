package dev.trueup.source;

/** What one {@link GitSource#sync()} did. Errors are values; their text carries no credential. */
public sealed interface SyncResult {

  /** The ref moved (or this is the first sync): the work tree now holds the new commit. */
  record Synced(Revision revision) implements SyncResult {}

  /** The ref did not move; the work tree holds the same commit as before. */
  record Unchanged(Revision revision) implements SyncResult {}

  /**
   * Nothing changed locally: the last good commit stays in force.
   *
   * @param reason what went wrong, with tokens and URL user information removed
   */
  record Failed(String reason) implements SyncResult {}
}
