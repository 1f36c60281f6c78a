package dev.trueup.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Reads an environment file back the way a unit's {@code EnvironmentFile=} would. */
public final class EnvironmentFiles {
  private EnvironmentFiles() {}

  /**
   * A variable as {@code sh} reads the file ({@code set -a; . FILE}): systemd takes double-quoted
   * values as POSIX sh does.
   */
  public static String sourced(Path file, String variable) throws Exception {
    Process p =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "set -a; . \"$1\"; printf '%s' \"$(printenv " + variable + ")\"",
                "sh",
                file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("sh did not finish reading " + file);
    }
    return out;
  }
}
