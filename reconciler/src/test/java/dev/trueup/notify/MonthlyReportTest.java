package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.Channel;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Notifications;
import dev.trueup.store.MonthlyActivity;
import dev.trueup.testing.Golden;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.TestNodes;
import dev.trueup.testing.fixtures.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The monthly report's text from a month of figures, against a golden file; and who gets it. */
class MonthlyReportTest {
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  private static final Notifications MAIL =
      new Notifications(
          Map.of(
              "ops-email",
              new Channel("ops-email", "email", Map.of("from", "t@example.org"), TestNodes.HERE),
              "ops-slack",
              new Channel("ops-slack", "slack", Map.of(), TestNodes.HERE)),
          Map.of(
              AlertLevel.CRITICAL, List.of("ops-slack", "ops-email"),
              AlertLevel.MEDIUM, List.of("ops-email")),
          "07:00",
          "monday 09:00");

  private static LoggedEvent fired(String at, AlertLevel level, String subject) {
    return new LoggedEvent(
        Instant.parse(at),
        Event.of(level, Event.Kind.ALERT_FIRING, "aurora", subject, List.of("alert x")));
  }

  @Test
  void aMonthOfFiguresReadsAsTheGoldenOverviewAndGoesToTheMailChannelsOnly() {
    DesiredState state =
        Nodes.fleet(
            Nodes.node("aurora").environment("production").build(),
            Nodes.node("runpod-tx").environment("production").build(),
            Nodes.node("robbiebook1").environment("staging").build(),
            Nodes.node("vengeance").environment("development").build());
    MonthlyActivity.Activity activity =
        new MonthlyActivity.Activity(
            Map.of("bugfix", 14, "minor", 6, "major", 1),
            3,
            List.of(
                new MonthlyActivity.ApprovalWait(
                    "minor", "APPROVED", Optional.of(Duration.ofMinutes(42))),
                new MonthlyActivity.ApprovalWait(
                    "major", "APPROVED", Optional.of(Duration.ofHours(26))),
                new MonthlyActivity.ApprovalWait(
                    "business", "REJECTED", Optional.of(Duration.ofHours(3))),
                new MonthlyActivity.ApprovalWait("minor", "PENDING", Optional.empty())),
            720,
            9,
            3,
            Map.of("robbiebook1", 180, "runpod-tx", 2));
    List<LoggedEvent> events =
        List.of(
            fired(
                "2026-11-03T10:00:00Z",
                AlertLevel.CRITICAL,
                "aurora: disk_percent above 95 on aurora"),
            fired(
                "2026-11-09T10:00:00Z", AlertLevel.HIGH, "aurora: cpu_percent above 80 on aurora"),
            fired(
                "2026-11-10T10:00:00Z", AlertLevel.HIGH, "aurora: cpu_percent above 80 on aurora"),
            new LoggedEvent(
                Instant.parse("2026-11-10T11:00:00Z"),
                Event.of(
                    AlertLevel.MEDIUM, Event.Kind.AUTO_APPLIED, "aurora", "applied", List.of())));
    Map<String, Object> model =
        MonthlyReport.model(
            "aurora-empire", CHICAGO, YearMonth.of(2026, 11), state, activity, events);
    List<Outgoing> out =
        new Router("aurora-empire", MAIL, CHICAGO, new NotifyTemplates()).monthly("2026-11", model);
    assertThat(out).extracting(Outgoing::channel).containsExactly("ops-email");
    assertThat(out.get(0).dedupKey()).isEqualTo("monthly|2026-11|ops-email");
    Payload p = Payload.fromJson(out.get(0).body());
    assertThat(p.subject()).isEqualTo("[trueup] monthly report for aurora-empire: November 2026");
    Golden.assertMatches(
        ProjectRoot.module().resolve("src/test/resources/golden/notify/monthly-report.txt"),
        p.text());
  }
}
