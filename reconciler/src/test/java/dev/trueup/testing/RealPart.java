package dev.trueup.testing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * A real part a test runs against. A test asks for it with {@link #require}: on a developer's
 * machine without it the test is skipped; under {@code CI=true} a missing part fails the test, so
 * CI cannot pass by skipping what it is there to exercise. {@link RealPartCount} prints how many
 * tests ran against each part at the end of the run.
 */
public enum RealPart {
  LAB_SSH("the fleet lab's sshd nodes (bin/test-setup)"),
  LAB_SYSTEMD("the systemd lab's node (bin/test-setup)"),
  SSHD("a loopback sshd (openssh-server)"),
  PODMAN("the Docker-API engine (lab/engine.sh start)"),
  GIT("git's server programs (git-upload-pack)"),
  POSTGRESQL("PostgreSQL on 127.0.0.1:5432 (bin/test-setup)"),
  PROMETHEUS("Debian's prometheus (promtool) and prometheus-alertmanager (bin/test-setup)"),
  CHROMIUM("Debian's chromium (bin/test-setup)");

  private final String what;
  private static final Map<RealPart, Set<String>> ASKED = new ConcurrentHashMap<>();

  RealPart(String what) {
    this.what = what;
  }

  /** What to do when a part is missing: skip on a developer's machine, fail in CI. */
  enum Missing {
    SKIP,
    FAIL;

    static Missing fromEnvironment() {
      return "true".equals(System.getenv("CI")) ? FAIL : SKIP;
    }
  }

  /** Skips (developer's machine) or fails (CI=true) the calling test when the part is absent. */
  public void require(boolean present) {
    require(present, Missing.fromEnvironment());
  }

  void require(boolean present, Missing missing) {
    ASKED.computeIfAbsent(this, p -> ConcurrentHashMap.newKeySet()).add(RealPartCount.current());
    if (present) {
      return;
    }
    if (missing == Missing.FAIL) {
      throw new AssertionError(
          what + " is missing, and under CI=true a test against a real part may not skip");
    }
    Assumptions.abort(what + " is missing");
  }

  /** The execution ids (a test's or its class's) that asked for this part. */
  static Set<String> askedBy(RealPart part) {
    return ASKED.getOrDefault(part, Set.of());
  }

  public String what() {
    return what;
  }
}
