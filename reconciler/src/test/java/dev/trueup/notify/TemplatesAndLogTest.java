package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.Notifications;
import dev.trueup.store.Store;
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
  void theStoreLogKeepsEventsAcrossRestartsAndDropsOldOnes() {
    Event a = Event.of(AlertLevel.MEDIUM, Event.Kind.AUTO_APPLIED, "a", "one", List.of("x", "y"));
    Event b = Event.of(AlertLevel.LOW, Event.Kind.RUN_SUMMARY, "*", "two", List.of());
    Instant t = Instant.parse("2026-03-28T06:00:00Z");
    try (Store store = Store.openEmbedded(dir.resolve("store"))) {
      new StoreEventLog(store.notificationEvents()).append(t, List.of(a));
    }
    try (Store store = Store.openEmbedded(dir.resolve("store"))) {
      StoreEventLog log = new StoreEventLog(store.notificationEvents());
      assertThat(log.between(t, t.plusSeconds(1))).containsExactly(new LoggedEvent(t, a));
      // Twenty days later: the first event is past the retention and goes.
      log.append(t.plus(Duration.ofDays(20)), List.of(b));
      assertThat(log.between(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
          .extracting(LoggedEvent::event)
          .containsExactly(b);
    }
  }
}
