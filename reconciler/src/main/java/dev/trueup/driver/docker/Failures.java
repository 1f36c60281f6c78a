package dev.trueup.driver.docker;

import dev.trueup.secrets.Scrubber;
import java.net.SocketTimeoutException;

/** Short, single-line descriptions of engine failures for plans and outcomes. */
final class Failures {
  private Failures() {}

  /** Longest description kept; cut only after {@code scrubber} has had the whole text. */
  static final int MAX = 300;

  /**
   * @param scrubber the secrets the failed call carried (an engine may echo its request in the
   *     error), {@link Scrubber#none()} when it carried none
   */
  static String describe(Throwable e, Scrubber scrubber) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return scrubber.line("no answer in time (" + t.getMessage() + ")", MAX);
      }
      if (t instanceof java.net.ConnectException
          || t instanceof java.nio.file.NoSuchFileException) {
        return scrubber.line("cannot connect (" + t.getMessage() + ")", MAX);
      }
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return scrubber.line(message, MAX);
  }
}
