package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.AlertLevel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestSchedulerTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static DigestScheduler at(String instant) {
    return new DigestScheduler(
        BERLIN, "07:00", "monday 09:00", Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  @Test
  void dailyDigestStaysAtSevenLocalAcrossTheSpringChange() {
    // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST.
    DigestScheduler before = at("2026-03-28T10:00:00Z");
    assertThat(before.nextDue(DigestScheduler.Kind.DAILY).toInstant())
        .isEqualTo(Instant.parse("2026-03-29T05:00:00Z")); // 07:00 CEST
    DigestScheduler after = at("2026-03-29T05:00:00Z");
    ZonedDateTime due = after.lastDue(DigestScheduler.Kind.DAILY);
    assertThat(due.toLocalTime().toString()).isEqualTo("07:00");
    DigestScheduler.Window w = after.window(DigestScheduler.Kind.DAILY, due);
    assertThat(w.from()).isEqualTo(Instant.parse("2026-03-28T06:00:00Z")); // 07:00 CET
    assertThat(Duration.between(w.from(), w.to())).isEqualTo(Duration.ofHours(23));
    assertThat(w.bucket()).isEqualTo("daily:2026-03-29");
  }

  @Test
  void dailyWindowIsTwentyFiveHoursAcrossTheAutumnChange() {
    DigestScheduler s = at("2026-10-25T12:00:00Z");
    ZonedDateTime due = s.lastDue(DigestScheduler.Kind.DAILY);
    assertThat(due.toInstant()).isEqualTo(Instant.parse("2026-10-25T06:00:00Z"));
    assertThat(Duration.between(s.window(DigestScheduler.Kind.DAILY, due).from(), due.toInstant()))
        .isEqualTo(Duration.ofHours(25));
    assertThat(s.nextDue(DigestScheduler.Kind.DAILY).toInstant())
        .isEqualTo(Instant.parse("2026-10-26T06:00:00Z"));
  }

  @Test
  void aDigestTimeInsideTheGapComesRightAfterIt() {
    DigestScheduler s =
        new DigestScheduler(
            BERLIN,
            "02:30",
            "sunday 02:30",
            Clock.fixed(Instant.parse("2026-03-28T12:00:00Z"), ZoneOffset.UTC));
    assertThat(s.nextDue(DigestScheduler.Kind.DAILY).toInstant())
        .isEqualTo(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 CEST, once
    assertThat(s.nextDue(DigestScheduler.Kind.WEEKLY).toInstant())
        .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
  }

  @Test
  void weeklySummaryIsMondayNineLocal() {
    DigestScheduler s = at("2026-03-25T12:00:00Z"); // a Wednesday
    assertThat(s.nextDue(DigestScheduler.Kind.WEEKLY).toInstant())
        .isEqualTo(Instant.parse("2026-03-30T07:00:00Z")); // Monday 09:00 CEST
    assertThat(s.lastDue(DigestScheduler.Kind.WEEKLY).toInstant())
        .isEqualTo(Instant.parse("2026-03-23T08:00:00Z")); // Monday 09:00 CET
    DigestScheduler monday = at("2026-03-30T07:00:00Z");
    ZonedDateTime due = monday.lastDue(DigestScheduler.Kind.WEEKLY);
    assertThat(
            Duration.between(
                monday.window(DigestScheduler.Kind.WEEKLY, due).from(), due.toInstant()))
        .isEqualTo(Duration.ofDays(7).minusHours(1));
  }

  @Test
  void aDigestListsTheEventsOfItsWindowAtItsLevel() {
    DigestScheduler s = at("2026-03-29T05:00:00Z");
    Event medium =
        Event.of(AlertLevel.MEDIUM, Event.Kind.AUTO_APPLIED, "aurora", "applied", List.of());
    Event critical =
        Event.of(AlertLevel.CRITICAL, Event.Kind.APPLY_FAILED, "aurora", "failed", List.of());
    Event old = Event.of(AlertLevel.MEDIUM, Event.Kind.DRIFT_REVERTED, "aurora", "old", List.of());
    Digest d =
        s.build(
            DigestScheduler.Kind.DAILY,
            s.lastDue(DigestScheduler.Kind.DAILY),
            List.of(
                new LoggedEvent(Instant.parse("2026-03-28T12:00:00Z"), medium),
                new LoggedEvent(Instant.parse("2026-03-28T13:00:00Z"), critical),
                new LoggedEvent(Instant.parse("2026-03-28T05:59:59Z"), old)));
    assertThat(d.listed()).containsExactly(medium);
    assertThat(d.counts().get(AlertLevel.CRITICAL)).isEqualTo(1);
  }
}
