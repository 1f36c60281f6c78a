package dev.trueup.driver.host.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.driver.host.model.HostHealth.Answer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostHealthTest {

  @Test
  void everyCheckAnsweredAndPassedIsHealthy() {
    assertThat(
            HostHealth.verdict(
                List.of(
                    new Answer("api", true, true, Optional.empty()),
                    new Answer("worker", true, true, Optional.empty()))))
        .isEmpty();
    assertThat(HostHealth.verdict(List.of())).as("no checks declared").isEmpty();
  }

  @Test
  void theFirstFailureInDeclarationOrderIsTheReasonWithItsService() {
    assertThat(
            HostHealth.verdict(
                List.of(
                    new Answer("api", true, true, Optional.empty()),
                    new Answer("worker", true, false, Optional.of("exit 3: queue unreachable")),
                    new Answer("cron", true, false, Optional.of("exit 1")))))
        .hasValue("health check of service worker failed: exit 3: queue unreachable");
  }

  @Test
  void aCheckTheNodeNeverAnsweredFailsAsNoAnswer() {
    assertThat(HostHealth.verdict(List.of(Answer.none("api"))))
        .hasValue("health check of service api failed: no answer");
    assertThat(HostHealth.verdict(List.of(new Answer("api", true, false, Optional.empty()))))
        .hasValue("health check of service api failed: failed");
  }
}
