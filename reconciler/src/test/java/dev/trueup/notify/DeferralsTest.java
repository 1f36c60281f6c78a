package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.AlertLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deferral is a summary line until it outlasts maxDefer, then one high alert that repeats
 * unchanged.
 */
class DeferralsTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private static Event deferred(String node) {
    return Event.of(
        AlertLevel.LOW,
        Event.Kind.CHANGES_DEFERRED,
        node,
        node + ": 1 change(s) deferred: gpu-busy",
        List.of("unit ollama.service: deferred: gpu-busy"));
  }

  @Test
  void withinMaxDeferADeferralStaysLowAndPastItIsOneHighAlertWithAStableKey() {
    Map<String, Duration> limit =
        Map.of("gpu-1", Duration.ofHours(24), "gpu-2", Duration.ofHours(2));
    Map<String, Instant> since =
        Map.of("gpu-1", NOW.minus(Duration.ofHours(3)), "gpu-2", NOW.minus(Duration.ofHours(3)));
    List<Event> out =
        Deferrals.adjust(List.of(deferred("gpu-1"), deferred("gpu-2")), limit, since, NOW);
    assertThat(out.get(0).level()).isEqualTo(AlertLevel.LOW);
    assertThat(out.get(1).level()).isEqualTo(AlertLevel.HIGH);
    assertThat(out.get(1).subject())
        .isEqualTo("gpu-2: changes deferred longer than its maxDefer (2h)");
    assertThat(out.get(1).details()).contains("deferred since " + NOW.minus(Duration.ofHours(3)));
    List<Event> later =
        Deferrals.adjust(List.of(deferred("gpu-2")), limit, since, NOW.plus(Duration.ofHours(5)));
    assertThat(later.get(0).dedupKey()).isEqualTo(out.get(1).dedupKey());
  }

  @Test
  void otherEventsAndNodesWithNoRecordedDeferralPassUnchanged() {
    Event unreachable =
        Event.of(AlertLevel.HIGH, Event.Kind.NODE_UNREACHABLE, "a", "a: not reachable", List.of());
    List<Event> in = List.of(unreachable, deferred("b"));
    assertThat(Deferrals.adjust(in, Map.of("b", Duration.ZERO), Map.of(), NOW)).isEqualTo(in);
  }
}
