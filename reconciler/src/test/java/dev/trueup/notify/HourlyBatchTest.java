package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.Notifications;
import dev.trueup.testing.Golden;
import dev.trueup.testing.ProjectRoot;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An hour's high messages as the one message a channel gets, against a golden file. */
class HourlyBatchTest {
  @Test
  void anHoursHighAlertsAreOneMessageDueAtTheEndOfTheHour() {
    Router router =
        new Router(
            "aurora-empire",
            Notifications.none(),
            ZoneId.of("Europe/Berlin"),
            new NotifyTemplates());
    Instant at = Instant.parse("2026-12-04T10:15:00Z");
    List<Event> events =
        List.of(
            Event.of(
                AlertLevel.HIGH,
                Event.Kind.ALERT_FIRING,
                "aurora",
                "aurora: cpu_percent above 80 on aurora",
                List.of("alert cpu_percent_high", "since 2026-12-04T10:09:00Z")),
            Event.of(
                AlertLevel.HIGH,
                Event.Kind.APPROVAL_NEEDED,
                "runpod-tx",
                "runpod-tx: approval needed for container:trueup-chat-backend",
                List.of("approve with: trueup approve a1b2c3", "class major")),
            Event.of(
                AlertLevel.HIGH,
                Event.Kind.NODE_UNREACHABLE,
                "robbiebook1",
                "robbiebook1: offline longer than its maxOffline (7d)",
                List.of("connection refused", "last seen 2026-11-26T18:02:11Z")));
    Payload batch = Payload.batch(events.stream().map(e -> router.alert(e, at)).toList());
    Golden.assertMatches(
        ProjectRoot.module().resolve("src/test/resources/golden/notify/hourly-batch.txt"),
        "subject: "
            + batch.subject()
            + "\n\n"
            + batch.text()
            + "\n--- slack ---\n"
            + batch.slack());
    assertThat(batch.data().path("messages")).hasSize(3);
  }
}
