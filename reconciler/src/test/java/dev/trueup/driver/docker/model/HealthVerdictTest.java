package dev.trueup.driver.docker.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Health from observed facts, case by case: no engine, no container. */
class HealthVerdictTest {

  @Test
  void aContainerThatExitedIsUnhealthyWithItsExitCode() {
    assertThat(HealthVerdict.observed(false, 3L, true, ""))
        .isEqualTo(new HealthVerdict.Unhealthy("container is not running (exit code 3)"));
    assertThat(HealthVerdict.observed(false, 0L, false, ""))
        .as("even without a declared check")
        .isInstanceOf(HealthVerdict.Unhealthy.class);
  }

  @Test
  void runningWithoutACheckOrHealthyByTheEngineIsHealthy() {
    assertThat(HealthVerdict.observed(true, null, false, ""))
        .isEqualTo(new HealthVerdict.Healthy());
    assertThat(HealthVerdict.observed(true, null, true, "healthy"))
        .isEqualTo(new HealthVerdict.Healthy());
  }

  @Test
  void theEnginesUnhealthyIsFinal() {
    assertThat(HealthVerdict.observed(true, null, true, "unhealthy"))
        .isEqualTo(new HealthVerdict.Unhealthy("engine reports the container unhealthy"));
  }

  @Test
  void startingOrUnscheduledWaitsForTrueupsOwnCheck() {
    assertThat(HealthVerdict.observed(true, null, true, "starting"))
        .isEqualTo(new HealthVerdict.Pending("not checked yet"));
    assertThat(HealthVerdict.observed(true, null, true, ""))
        .isInstanceOf(HealthVerdict.Pending.class);
  }

  @Test
  void trueupsCheckDecidesAfterwards() {
    assertThat(HealthVerdict.checked(Optional.of(0L))).isEqualTo(new HealthVerdict.Healthy());
    assertThat(HealthVerdict.checked(Optional.of(1L)))
        .isEqualTo(new HealthVerdict.Pending("check exited with 1"));
    assertThat(HealthVerdict.checked(Optional.empty()))
        .isEqualTo(new HealthVerdict.Pending("check did not finish in time"));
  }
}
