package dev.trueup.apply;

import dev.trueup.diff.Action;

/**
 * Where apply records what it is doing, change by change, before and after. A change begun and
 * neither completed nor failed means the process stopped in the middle: the run is interrupted, and
 * the next run re-observes the node and does what is left. The state store implements this; {@link
 * InMemoryJournal} serves tests. Details are short reasons, never file contents or secret values.
 */
public interface ApplyJournal {

  /**
   * @param changeKey the change's kind and id, e.g. {@code file:/etc/app/app.conf}
   * @return an id for {@link #completed} and {@link #failed}
   */
  long begin(String nodeName, String changeKey, Action action);

  void completed(long id);

  void failed(long id, String detail);
}
