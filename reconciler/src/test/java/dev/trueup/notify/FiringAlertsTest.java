package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.AlertLevel;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What fires now: fired and not resolved since, by node. */
class FiringAlertsTest {
  private static List<LoggedEvent> read(String status, String node, String fp, String at) {
    String body =
        """
        {"alerts":[{"status":"%s","labels":{"alertname":"disk_percent_critical","node":"%s","level":"critical"},
          "annotations":{"summary":"disk above 95 on %s"},"startsAt":"2026-12-04T10:00:00Z","fingerprint":"%s"}]}
        """
            .formatted(status, node, node, fp);
    return FiredAlerts.read(Payload.JSON.readTree(body), Set.of("aurora", "gpu-1"), "node")
        .events()
        .stream()
        .map(e -> new LoggedEvent(Instant.parse(at), e))
        .toList();
  }

  @Test
  void anAlertFiresUntilItsResolutionAndRepeatsCountOnce() {
    List<LoggedEvent> log = new java.util.ArrayList<>();
    log.addAll(read("firing", "aurora", "a1", "2026-12-04T10:01:00Z"));
    log.addAll(read("firing", "aurora", "a1", "2026-12-04T14:01:00Z")); // Alertmanager's repeat
    log.addAll(read("firing", "gpu-1", "g1", "2026-12-04T10:02:00Z"));
    log.addAll(read("resolved", "gpu-1", "g1", "2026-12-04T10:30:00Z"));
    log.addAll(read("firing", "ghost", "x1", "2026-12-04T10:03:00Z"));
    var firing = FiringAlerts.of(log);
    assertThat(firing.keySet()).containsExactly("*", "aurora");
    assertThat(firing.get("aurora"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.at()).isEqualTo(Instant.parse("2026-12-04T10:01:00Z"));
              assertThat(e.event().level()).isEqualTo(AlertLevel.CRITICAL);
            });
  }
}
