package dev.trueup.observe.exec;

import dev.trueup.secrets.Scrubber;
import java.nio.charset.StandardCharsets;

/**
 * What a finished command left: its exit code and its output, each stream cut at the cap it was
 * drained with ({@code truncated} says whether either was).
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean truncated) {

  public ExecResult {
    stdout = stdout.clone();
    stderr = stderr.clone();
  }

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /**
   * The start of stderr, one line, for a short reason in a report.
   *
   * @param scrubber the secrets the command carried ({@link Scrubber#none()} if none): scrubbed
   *     from the whole output before it is cut
   */
  public String stderrSummary(Scrubber scrubber) {
    return scrubber.firstLine(new String(stderr, StandardCharsets.UTF_8), 200);
  }

  @Override
  public byte[] stdout() {
    return stdout.clone();
  }

  @Override
  public byte[] stderr() {
    return stderr.clone();
  }
}
