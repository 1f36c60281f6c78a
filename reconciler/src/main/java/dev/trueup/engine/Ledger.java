package dev.trueup.engine;

/** Whether a synced revision still needs an apply run, or some run (of any replica) has it. */
public interface Ledger {

  /**
   * @param revision the revision the source stands at
   * @param moved whether this sync moved the source to it
   */
  boolean needsRun(String revision, boolean moved);

  /** One process on its own: a revision needs a run when the source moved to it. */
  Ledger LOCAL = (revision, moved) -> moved;
}
