package dev.trueup.notify;

import java.time.Instant;
import java.util.List;

/** Where events wait for the digest of their window. */
public interface EventLog {
  void append(Instant at, List<Event> events);

  /** Events logged in [from, to). */
  List<LoggedEvent> between(Instant from, Instant to);
}
