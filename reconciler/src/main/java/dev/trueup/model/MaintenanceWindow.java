package dev.trueup.model;

import dev.trueup.model.cron.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * When changes of some classes may be applied to a node: from each time {@code opens} names (a
 * calendar expression read in {@code zone}, so a window at 02:00 stays at 02:00 local across a
 * daylight-saving change) for {@code duration} of elapsed time.
 *
 * @param classes the change classes the window governs: a change of another class is not held by it
 */
public record MaintenanceWindow(
    String name,
    CronExpression opens,
    Duration duration,
    ZoneId zone,
    Set<ChangeClass> classes,
    Origins origins) {

  public MaintenanceWindow {
    classes = classes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(classes));
  }

  public boolean governs(ChangeClass changeClass) {
    return classes.contains(changeClass);
  }

  /**
   * Whether the window is open at {@code now}: some opening {@code o} has {@code o <= now < o +
   * duration}. The first opening after {@code now - duration} is the only candidate.
   */
  public boolean openAt(Instant now) {
    return opens
        .next(ZonedDateTime.ofInstant(now.minus(duration), zone))
        .filter(o -> !o.toInstant().isAfter(now))
        .isPresent();
  }

  /** The next time the window opens after {@code now}, in its zone; empty when it never will. */
  public Optional<ZonedDateTime> nextOpening(Instant now) {
    return opens.next(ZonedDateTime.ofInstant(now, zone));
  }
}
