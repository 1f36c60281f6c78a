package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A daily digest or weekly summary: the events of its window at its level, and how many events of
 * every level the window saw (critical and high were sent at the time; the digest recounts them).
 */
public record Digest(
    DigestScheduler.Kind kind, DigestScheduler.Window window, List<LoggedEvent> all) {

  public Digest {
    all = List.copyOf(all);
  }

  /** The events this digest lists: those at its level. */
  public List<Event> listed() {
    return all.stream().map(LoggedEvent::event).filter(e -> e.level() == kind.level()).toList();
  }

  public Map<AlertLevel, Long> counts() {
    Map<AlertLevel, Long> out = new TreeMap<>();
    for (AlertLevel l : AlertLevel.values()) {
      out.put(l, all.stream().filter(e -> e.event().level() == l).count());
    }
    return out;
  }
}
