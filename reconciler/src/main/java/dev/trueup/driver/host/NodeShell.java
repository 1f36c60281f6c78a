package dev.trueup.driver.host;

import dev.trueup.observe.exec.ExecResult;
import java.time.Duration;

/** Runs a script on one node with {@code sh -s} (as root where the connection says sudo). */
public interface NodeShell extends AutoCloseable {

  /**
   * @throws Failure when the script could not run or did not finish in time
   */
  ExecResult run(String script, Duration timeout) throws Failure;

  @Override
  default void close() {}

  /** The node could not be reached, or the command did not finish: its outcome is unknown. */
  final class Failure extends Exception {
    public Failure(String reason) {
      super(reason, null, false, false);
    }
  }
}
