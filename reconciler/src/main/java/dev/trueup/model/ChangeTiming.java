package dev.trueup.model;

import java.time.Duration;
import java.util.List;

/**
 * When a node may be changed: its maintenance windows, and the checks that defer disruptive changes
 * while it is busy.
 *
 * @param maxDefer how long changes may stay deferred before that is an alert (high)
 */
public record ChangeTiming(
    List<MaintenanceWindow> windows, List<BusyCheck> deferWhen, Duration maxDefer) {

  public static final Duration DEFAULT_MAX_DEFER = Duration.ofHours(24);

  /** Any time, whatever the node is doing. */
  public static final ChangeTiming ANY_TIME =
      new ChangeTiming(List.of(), List.of(), DEFAULT_MAX_DEFER);

  public ChangeTiming {
    windows = List.copyOf(windows);
    deferWhen = List.copyOf(deferWhen);
  }
}
