package dev.trueup.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An event log for tests and one-shot runs. */
public final class InMemoryEventLog implements EventLog {
  private final List<LoggedEvent> events = new ArrayList<>();

  @Override
  public synchronized void append(Instant at, List<Event> batch) {
    batch.forEach(e -> events.add(new LoggedEvent(at, e)));
  }

  @Override
  public synchronized List<LoggedEvent> between(Instant from, Instant to) {
    return events.stream().filter(e -> !e.at().isBefore(from) && e.at().isBefore(to)).toList();
  }
}
