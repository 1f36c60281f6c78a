package dev.trueup.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real back end the contract needs: skipped on a developer's machine without it, never in CI. */
final class Required {
  private Required() {}

  static void present(boolean present, String what) {
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as("%s (CI=true: the contract may not skip a back end)", what).isTrue();
    }
    assumeTrue(present, what);
  }
}
