package dev.trueup.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RealPartTest {

  @Test
  void aMissingPartFailsTheTestUnderCiAndSkipsItElsewhere() {
    assertThatThrownBy(() -> RealPart.PODMAN.require(false, RealPart.Missing.FAIL))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("under CI=true a test against a real part may not skip");
    assertThatThrownBy(() -> RealPart.PODMAN.require(false, RealPart.Missing.SKIP))
        .isInstanceOf(TestAbortedException.class);
    RealPart.PODMAN.require(true, RealPart.Missing.FAIL);
  }

  @Test
  void ciIsReadFromTheEnvironment() {
    assertThat(RealPart.Missing.fromEnvironment())
        .isEqualTo(
            "true".equals(System.getenv("CI")) ? RealPart.Missing.FAIL : RealPart.Missing.SKIP);
  }

  @Test
  void theSummaryLineNamesEachPartWithItsCount() {
    Map<RealPart, Integer> counts = new EnumMap<>(RealPart.class);
    counts.put(RealPart.PODMAN, 40);
    counts.put(RealPart.LAB_SSH, 112);
    assertThat(RealPartCount.line(counts)).isEqualTo("real parts: lab-ssh 112, podman 40");
  }
}
