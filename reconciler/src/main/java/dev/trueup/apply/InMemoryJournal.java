package dev.trueup.apply;

import dev.trueup.diff.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A journal kept in memory, for tests and for runs that record nothing. Thread-safe. */
public final class InMemoryJournal implements ApplyJournal {

  /** One journal entry; {@code state} is open until completed or failed. */
  public record Entry(
      long id,
      String node,
      String changeKey,
      Action action,
      State state,
      Optional<String> detail) {}

  public enum State {
    OPEN,
    COMPLETED,
    FAILED
  }

  private final List<Entry> entries = new ArrayList<>();

  @Override
  public synchronized long begin(String nodeName, String changeKey, Action action) {
    long id = entries.size();
    entries.add(new Entry(id, nodeName, changeKey, action, State.OPEN, Optional.empty()));
    return id;
  }

  @Override
  public synchronized void completed(long id) {
    close(id, State.COMPLETED, Optional.empty());
  }

  @Override
  public synchronized void failed(long id, String detail) {
    close(id, State.FAILED, Optional.of(detail));
  }

  private void close(long id, State state, Optional<String> detail) {
    Entry e = entries.get((int) id);
    if (e.state() != State.OPEN) {
      throw new IllegalStateException("journal entry " + id + " is already " + e.state());
    }
    entries.set((int) id, new Entry(id, e.node(), e.changeKey(), e.action(), state, detail));
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Entries begun and never closed: what an interrupted run leaves. */
  public synchronized List<Entry> open() {
    return entries.stream().filter(e -> e.state() == State.OPEN).toList();
  }
}
