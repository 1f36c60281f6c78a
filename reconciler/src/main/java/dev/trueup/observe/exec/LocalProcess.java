package dev.trueup.observe.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A command run on this machine the way every local driver runs one: its input written on a thread
 * of its own (a script that stops reading must not stall the deadline), both outputs drained at
 * once and capped, one deadline over all of it, and whatever it started killed afterwards.
 */
public final class LocalProcess {
  private static final int STDERR_CAP = 64 * 1024;

  private LocalProcess() {}

  /**
   * @param name names the drain threads ({@code name-stdout}, {@code name-stderr})
   * @return the result; empty when it did not finish within {@code timeout}
   * @throws IOException when the command cannot be started
   */
  public static Optional<ExecResult> run(
      List<String> argv, byte[] stdin, Duration timeout, int outputCap, String name)
      throws IOException, InterruptedException {
    Deadline until = Deadline.in(timeout);
    Process process = new ProcessBuilder(argv).start();
    try {
      CappedDrain out = CappedDrain.start(process.getInputStream(), outputCap, name + "-stdout");
      CappedDrain err = CappedDrain.start(process.getErrorStream(), STDERR_CAP, name + "-stderr");
      Thread.ofVirtual()
          .start(
              () -> {
                try (OutputStream in = process.getOutputStream()) {
                  in.write(stdin);
                } catch (IOException e) {
                  // It exited before reading all of its input; its exit code says why.
                }
              });
      if (!process.waitFor(until.remainingMillis(), TimeUnit.MILLISECONDS)
          || !out.await(until.remainingMillis())
          || !err.await(until.remainingMillis())) {
        return Optional.empty();
      }
      return Optional.of(
          new ExecResult(
              process.exitValue(), out.bytes(), err.bytes(), out.truncated() || err.truncated()));
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
