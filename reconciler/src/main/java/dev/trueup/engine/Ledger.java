package dev.trueup.engine;

/** Whether a synced revision still needs an apply run, or some run (of any replica) has it. */
public interface Ledger {

  /**
   * @param revision the revision the source stands at
   * @param moved whether this sync moved the source to it
   */
  boolean needsRun(String revision, boolean moved);

  /**
   * Whether some node missed a run while away, or has changes a busy check deferred, and may be
   * owed a catch-up ({@link CatchUp}): a cheap question, asked on every poll that runs nothing.
   */
  default boolean nodesAway() {
    return false;
  }

  /** One process on its own: a revision needs a run when the source moved to it. */
  Ledger LOCAL = (revision, moved) -> moved;
}
