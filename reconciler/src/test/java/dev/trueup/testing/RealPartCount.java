package dev.trueup.testing;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the tests that ran (passed or failed, not skipped) against each {@link RealPart} and
 * prints one line at the end of the run: {@code real parts: lab-ssh 40, sshd 12, ...}. Registered
 * through META-INF/services, so every run of the suite prints it.
 */
public final class RealPartCount implements TestExecutionListener {
  // Tests run one at a time in a fork; what RealPart.require is called from is the innermost one.
  private static volatile String current = "";

  private final Map<RealPart, Integer> ran = new EnumMap<>(RealPart.class);

  static String current() {
    return current;
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    current = id.getUniqueId();
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (!id.isTest() || result.getStatus() == TestExecutionResult.Status.ABORTED) {
      return;
    }
    for (RealPart part : RealPart.values()) {
      if (RealPart.askedBy(part).stream()
          .anyMatch(asker -> !asker.isEmpty() && id.getUniqueId().startsWith(asker))) {
        ran.merge(part, 1, Integer::sum);
      }
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (ran.isEmpty()) {
      return;
    }
    System.out.println(line(ran));
  }

  static String line(Map<RealPart, Integer> counts) {
    return "real parts: "
        + counts.entrySet().stream()
            .map(e -> e.getKey().name().toLowerCase().replace('_', '-') + " " + e.getValue())
            .collect(Collectors.joining(", "));
  }
}
