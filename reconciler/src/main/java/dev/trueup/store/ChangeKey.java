package dev.trueup.store;

import dev.trueup.diff.Change;

/**
 * The stable name of a change across plans and runs, {@code node/kind/id}: decisions, approvals,
 * outcomes and journal entries of the same change share it.
 */
public final class ChangeKey {
  private ChangeKey() {}

  public static String of(Change change) {
    return change.node() + "/" + change.kind().json() + "/" + change.id();
  }
}
