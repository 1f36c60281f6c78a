package dev.trueup.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.drift.DriftCheck;
import dev.trueup.drift.DriftReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a drift check's result asks of the loop, by value. */
class DriftScheduleTest {

  private static DriftCheck.Result drifted(int reverting, int changes) {
    return new DriftCheck.Result.Drifted(
        null,
        new DriftReport(
            1,
            "abc1234",
            Instant.EPOCH,
            new DriftReport.Summary(1, 1, changes, changes - reverting, reverting, 0, 0, 0),
            List.of()),
        List.of());
  }

  @Test
  void driftThePolicyRevertsQueuesAForcedApply() {
    assertThat(DriftSchedule.wakeFor(drifted(2, 3)))
        .hasValueSatisfying(
            w -> {
              assertThat(w.force()).isTrue();
              assertThat(w.reason()).isEqualTo("drift detected: revert what the policy allows");
            });
  }

  @Test
  void flaggedDriftACleanCheckAndAFailedOneQueueNothing() {
    assertThat(DriftSchedule.wakeFor(drifted(0, 3))).as("flagged only").isEmpty();
    assertThat(DriftSchedule.wakeFor(new DriftCheck.Result.Failed("store down", Optional.empty())))
        .isEmpty();
  }
}
