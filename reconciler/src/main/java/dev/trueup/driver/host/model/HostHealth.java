package dev.trueup.driver.host.model;

import java.util.List;
import java.util.Optional;

/**
 * The verdict on a host's declared health checks after an apply, from what the checks answered.
 * Pure: the applier runs the checks in one round trip and hands the answers here, so what counts as
 * healthy is decided in one place and tested without a node.
 */
public final class HostHealth {
  private HostHealth() {}

  /**
   * What one check of one service answered.
   *
   * @param answered whether the node said anything about the check (a script cut short did not)
   * @param reason why it failed, in the check's words, when it did
   */
  public record Answer(String service, boolean answered, boolean ok, Optional<String> reason) {
    public static Answer none(String service) {
      return new Answer(service, false, false, Optional.empty());
    }
  }

  /**
   * Healthy when every check answered and passed; otherwise the first failure in declaration order,
   * naming its service (the reason the node is rolled back with).
   */
  public static Optional<String> verdict(List<Answer> answers) {
    for (Answer a : answers) {
      if (!a.answered() || !a.ok()) {
        return Optional.of(
            "health check of service "
                + a.service()
                + " failed: "
                + (a.answered() ? a.reason().orElse("failed") : "no answer"));
      }
    }
    return Optional.empty();
  }
}
