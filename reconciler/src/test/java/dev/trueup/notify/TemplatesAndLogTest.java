package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.Notifications;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesAndLogTest {
  @TempDir Path dir;

  @Test
  void valuesAreDataNeverTemplates() {
    Event e =
        Event.of(
            AlertLevel.MEDIUM,
            Event.Kind.AUTO_APPLIED,
            "aurora",
            "${7*7} <#assign x=1> <b>",
            List.of("<script>alert(1)</script>"));
    Notifications n =
        new Notifications(
            Map.of(), Map.of(AlertLevel.MEDIUM, List.of("x")), "07:00", "monday 09:00");
    ZoneId utc = ZoneOffset.UTC;
    DigestScheduler s =
        new DigestScheduler(
            utc, "07:00", "monday 09:00", Clock.fixed(Instant.parse("2026-03-28T08:00:00Z"), utc));
    Digest d =
        s.build(
            DigestScheduler.Kind.DAILY,
            s.lastDue(DigestScheduler.Kind.DAILY),
            List.of(new LoggedEvent(Instant.parse("2026-03-28T06:00:00Z"), e)));
    Payload p = new Router("f", n, utc, new NotifyTemplates()).render(d);
    assertThat(p.text()).contains("${7*7} <#assign x=1> <b>").doesNotContain("49");
    assertThat(p.html().orElseThrow())
        .contains("&lt;script&gt;")
        .doesNotContain("<script>")
        .contains("${7*7}");
    assertThat(p.slack()).contains("*${7*7} <#assign x=1> <b>*");
    assertThat(SlackWebhook.escape(p.slack())).contains("&lt;b&gt;");
    assertThat(Payload.fromJson(p.toJson()).toJson()).isEqualTo(p.toJson());
  }

  @Test
  void theFileLogKeepsEventsAcrossRestartsAndPrunes() {
    Path file = dir.resolve("notify/events.jsonl");
    Event a = Event.of(AlertLevel.MEDIUM, Event.Kind.AUTO_APPLIED, "a", "one", List.of("x", "y"));
    Event b = Event.of(AlertLevel.LOW, Event.Kind.RUN_SUMMARY, "*", "two", List.of());
    Instant t = Instant.parse("2026-03-28T06:00:00Z");
    new FileEventLog(file).append(t, List.of(a));
    new FileEventLog(file).append(t.plus(Duration.ofDays(20)), List.of(b));
    FileEventLog log = new FileEventLog(file);
    assertThat(log.between(t, t.plusSeconds(1))).containsExactly(new LoggedEvent(t, a));
    log.prune(t.plus(Duration.ofDays(21)));
    assertThat(log.between(Instant.EPOCH, Instant.MAX))
        .extracting(LoggedEvent::event)
        .containsExactly(b);
  }
}
