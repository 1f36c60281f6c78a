package dev.trueup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnoozeRequestTest {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void anEndIsAnInstantADateOrHoursAndDaysFromNow() {
    assertThat(SnoozeRequest.end("+12h", NOW)).contains(NOW.plus(Duration.ofHours(12)));
    assertThat(SnoozeRequest.end("+7D", NOW)).contains(NOW.plus(Duration.ofDays(7)));
    assertThat(SnoozeRequest.end("2026-12-24", NOW))
        .contains(Instant.parse("2026-12-24T00:00:00Z"));
    assertThat(SnoozeRequest.end(" 2026-12-24T08:00:00Z ", NOW))
        .contains(Instant.parse("2026-12-24T08:00:00Z"));
    assertThat(SnoozeRequest.end("soon", NOW)).isEmpty();
  }

  @Test
  void aGoodRequestIsKeptWithItsReasonStripped() {
    SnoozeRequest.Checked c =
        SnoozeRequest.check("web", Optional.of("unit:app.service"), "+1d", " hot fix ", NOW);
    assertThat(c)
        .isEqualTo(
            new SnoozeRequest.Checked.Ok(
                new SnoozeRequest(
                    "web",
                    Optional.of("unit:app.service"),
                    NOW.plus(Duration.ofDays(1)),
                    "hot fix")));
  }

  @Test
  void everyProblemIsSaidAtOnce() {
    SnoozeRequest.Checked c =
        SnoozeRequest.check("", Optional.of("fil:/x"), "2020-01-01", " ", NOW);
    assertThat(c).isInstanceOf(SnoozeRequest.Checked.Invalid.class);
    assertThat(((SnoozeRequest.Checked.Invalid) c).problems())
        .containsExactly(
            "node: required",
            "resource: no resource kind 'fil' (kinds: package, group, user, authorized_keys,"
                + " directory, file, schedule, crontab, alert_rules, sysctl, unit_file, unit,"
                + " firewall, container, kubernetes_object)",
            "until: has passed: a snooze ends in the future",
            "reason: must say why");
    assertThat(
            ((SnoozeRequest.Checked.Invalid)
                    SnoozeRequest.check("web", Optional.of("file"), null, "x", NOW))
                .problems())
        .containsExactly(
            "resource: not KIND:ID",
            "until: not an instant, a date or +N hours/days (e.g. 2026-12-24, +7d)");
  }
}
