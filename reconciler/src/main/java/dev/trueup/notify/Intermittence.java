package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.Presence;
import dev.trueup.model.value.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What "not reachable" means for a node that is not always on ({@link Presence}): within its {@code
 * maxOffline} of being last seen it is no alert, only a line in the weekly summary (low); past it,
 * or never seen at all, it is one high alert whose subject stays the same while the node stays
 * away, so repeats are suppressed. Pure.
 */
public final class Intermittence {
  private Intermittence() {}

  /**
   * @param presence by node; nodes not in it are always on
   * @param lastSeen by node, when a run last reached it
   */
  public static List<Event> adjust(
      List<Event> events,
      Map<String, Presence> presence,
      Map<String, Instant> lastSeen,
      Instant now) {
    List<Event> out = new ArrayList<>(events.size());
    for (Event e : events) {
      Presence p = presence.getOrDefault(e.node(), Presence.ALWAYS_ON);
      if (e.kind() != Event.Kind.NODE_UNREACHABLE || !p.intermittent()) {
        out.add(e);
        continue;
      }
      Optional<Instant> seen = Optional.ofNullable(lastSeen.get(e.node()));
      List<String> details = new ArrayList<>(e.details());
      details.add(seen.map(t -> "last seen " + t).orElse("never reached by a run"));
      boolean tolerated =
          seen.isPresent() && Duration.between(seen.get(), now).compareTo(p.maxOffline()) <= 0;
      out.add(
          tolerated
              ? Event.of(
                  AlertLevel.LOW,
                  Event.Kind.NODE_UNREACHABLE,
                  e.node(),
                  e.node() + ": offline (intermittent)",
                  details)
              : Event.of(
                  AlertLevel.HIGH,
                  Event.Kind.NODE_UNREACHABLE,
                  e.node(),
                  e.node()
                      + ": offline longer than its maxOffline ("
                      + DurationText.render(p.maxOffline())
                      + ")",
                  details));
    }
    return out;
  }
}
