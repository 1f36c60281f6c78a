package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.value.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a deferral means for alerting: changes a busy check holds back are a line in the weekly
 * summary while the deferral is younger than the node's {@code maxDefer}; past it they are one high
 * alert whose subject stays the same while the deferral lasts, so repeats are suppressed. Pure.
 */
public final class Deferrals {
  private Deferrals() {}

  /**
   * @param maxDefer by node
   * @param since by node, when its current deferral began
   */
  public static List<Event> adjust(
      List<Event> events, Map<String, Duration> maxDefer, Map<String, Instant> since, Instant now) {
    List<Event> out = new ArrayList<>(events.size());
    for (Event e : events) {
      Instant began = since.get(e.node());
      Duration limit = maxDefer.get(e.node());
      if (e.kind() != Event.Kind.CHANGES_DEFERRED
          || began == null
          || limit == null
          || Duration.between(began, now).compareTo(limit) <= 0) {
        out.add(e);
        continue;
      }
      List<String> details = new ArrayList<>(e.details());
      details.add("deferred since " + began);
      out.add(
          Event.of(
              AlertLevel.HIGH,
              Event.Kind.CHANGES_DEFERRED,
              e.node(),
              e.node()
                  + ": changes deferred longer than its maxDefer ("
                  + DurationText.render(limit)
                  + ")",
              details));
    }
    return out;
  }
}
