package dev.trueup.engine;

import dev.trueup.apply.ApplyJournal;
import dev.trueup.diff.Action;
import dev.trueup.store.Journal;

/** The apply journal kept in the state store: begun before each action, completed after it. */
final class StoreJournal implements ApplyJournal {
  private final Journal journal;
  private final long runId;

  StoreJournal(Journal journal, long runId) {
    this.journal = journal;
    this.runId = runId;
  }

  @Override
  public long begin(String nodeName, String changeKey, Action action) {
    return journal.begin(runId, nodeName, nodeName + ":" + changeKey, action.name().toLowerCase());
  }

  @Override
  public void completed(long id) {
    journal.complete(id, "done");
  }

  @Override
  public void failed(long id, String detail) {
    journal.fail(id, detail);
  }
}
