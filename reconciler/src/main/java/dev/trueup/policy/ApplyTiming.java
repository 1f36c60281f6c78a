package dev.trueup.policy;

import dev.trueup.model.BusyCheck;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.ChangeTiming;
import dev.trueup.model.MaintenanceWindow;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Holds a change that would apply now until its node may take it: outside every maintenance window
 * that governs its class it waits for the next opening; while a busy check that guards what it
 * disrupts says busy it is deferred. A window is checked first: a change outside its window waits
 * whatever the node is doing. Pure: the clock and the checks' answers come in.
 */
public final class ApplyTiming {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** What a busy check's command said, as the probe reports it. */
  public enum Answer {
    BUSY,
    IDLE,
    TIMEOUT;

    public static Optional<Answer> of(String probeWord) {
      for (Answer a : values()) {
        if (a.name().equalsIgnoreCase(probeWord)) {
          return Optional.of(a);
        }
      }
      return Optional.empty();
    }
  }

  private ApplyTiming() {}

  /**
   * @param answers by {@link BusyCheck#id()}; a check with no answer (its node was not probed) does
   *     not hold anything
   */
  public static Decision hold(
      Decision decision,
      ChangeTiming timing,
      Disruption disruption,
      Map<String, Answer> answers,
      Instant now) {
    if (!decision.step().applies()) {
      return decision;
    }
    Optional<String> window = outsideWindows(timing, decision.classification().changeClass(), now);
    if (window.isPresent()) {
      return held(decision, true, window.get());
    }
    List<String> busy = new ArrayList<>();
    for (BusyCheck check : timing.deferWhen()) {
      Answer answer = answers.get(check.id());
      if (answer == null || !disruption.guardedBy(check)) {
        continue;
      }
      if (answer == Answer.BUSY) {
        busy.add(check.id());
      } else if (answer == Answer.TIMEOUT && check.onTimeout() == BusyCheck.OnTimeout.BUSY) {
        busy.add(check.id() + " (timed out, onTimeout: busy)");
      }
    }
    return busy.isEmpty()
        ? decision
        : held(decision, false, "deferred: " + String.join(", ", busy));
  }

  /**
   * When the first window that governs {@code changeClass} opens after {@code now}: the time a
   * change waiting for one may go.
   */
  public static Optional<Instant> nextOpening(
      ChangeTiming timing, ChangeClass changeClass, Instant now) {
    return timing.windows().stream()
        .filter(w -> w.governs(changeClass))
        .flatMap(w -> w.nextOpening(now).stream())
        .map(ZonedDateTime::toInstant)
        .min(Comparator.naturalOrder());
  }

  /** Why the change must wait for a window, or empty when one is open or none governs it. */
  static Optional<String> outsideWindows(
      ChangeTiming timing, ChangeClass changeClass, Instant now) {
    List<MaintenanceWindow> governing =
        timing.windows().stream().filter(w -> w.governs(changeClass)).toList();
    if (governing.isEmpty() || governing.stream().anyMatch(w -> w.openAt(now))) {
      return Optional.empty();
    }
    record Next(MaintenanceWindow window, ZonedDateTime at) {}
    Optional<Next> next =
        governing.stream()
            .flatMap(w -> w.nextOpening(now).map(at -> new Next(w, at)).stream())
            .min(Comparator.comparing(n -> n.at().toInstant()));
    return Optional.of(
        next.map(
                n ->
                    "outside maintenance windows: "
                        + n.window().name()
                        + " opens "
                        + WHEN.format(n.at())
                        + " "
                        + n.at().getZone().getId())
            .orElse(
                "outside maintenance windows: none that governs "
                    + changeClass.yaml()
                    + " changes opens again"));
  }

  private static Decision held(Decision decision, boolean forWindow, String why) {
    return new Decision(
        decision.verdict(), decision.classification(), decision.step().held(forWindow), why);
  }
}
