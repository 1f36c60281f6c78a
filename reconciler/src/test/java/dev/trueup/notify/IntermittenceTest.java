package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.Presence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An intermittent node's absence judged against when it was last seen; nothing else moves. */
class IntermittenceTest {
  private static final Instant SEEN = Instant.parse("2026-12-01T08:00:00Z");
  private static final Map<String, Presence> PRESENCE =
      Map.of("macbook", new Presence(true, Duration.ofDays(7)));

  private static Event unreachable(String node) {
    return Event.of(
        AlertLevel.HIGH,
        Event.Kind.NODE_UNREACHABLE,
        node,
        node + ": not reachable",
        List.of("connection refused"));
  }

  private static Event only(List<Event> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  @Test
  void withinMaxOfflineALaptopAwayIsOnlyALineInTheWeeklySummary() {
    Event e =
        only(
            Intermittence.adjust(
                List.of(unreachable("macbook")),
                PRESENCE,
                Map.of("macbook", SEEN),
                SEEN.plus(Duration.ofDays(2))));
    assertThat(e.level()).isEqualTo(AlertLevel.LOW);
    assertThat(e.subject()).isEqualTo("macbook: offline (intermittent)");
    assertThat(e.details()).containsExactly("connection refused", "last seen " + SEEN);
  }

  @Test
  void pastMaxOfflineItIsOneHighAlertThatRepeatsUnchangedWhileItStaysAway() {
    Event first =
        only(
            Intermittence.adjust(
                List.of(unreachable("macbook")),
                PRESENCE,
                Map.of("macbook", SEEN),
                SEEN.plus(Duration.ofDays(8))));
    Event later =
        only(
            Intermittence.adjust(
                List.of(unreachable("macbook")),
                PRESENCE,
                Map.of("macbook", SEEN),
                SEEN.plus(Duration.ofDays(9))));
    assertThat(first.level()).isEqualTo(AlertLevel.HIGH);
    assertThat(first.subject()).isEqualTo("macbook: offline longer than its maxOffline (7d)");
    assertThat(later.dedupKey()).as("the outbox suppresses the repeat").isEqualTo(first.dedupKey());
  }

  @Test
  void anIntermittentNodeNeverReachedAlertsAsAnyOther() {
    Event e = only(Intermittence.adjust(List.of(unreachable("macbook")), PRESENCE, Map.of(), SEEN));
    assertThat(e.level()).isEqualTo(AlertLevel.HIGH);
    assertThat(e.details()).contains("never reached by a run");
  }

  @Test
  void alwaysOnNodesAndOtherEventsAreLeftAsTheyAre() {
    Event vps = unreachable("vps");
    Event failed =
        Event.of(
            AlertLevel.CRITICAL,
            Event.Kind.APPLY_FAILED,
            "macbook",
            "macbook: apply failed",
            List.of());
    assertThat(
            Intermittence.adjust(
                List.of(vps, failed),
                PRESENCE,
                Map.of("vps", SEEN),
                SEEN.plus(Duration.ofDays(30))))
        .containsExactly(vps, failed);
  }
}
