package dev.trueup.observe.docker;

import java.net.SocketTimeoutException;

/** Short, single-line descriptions of engine failures for plans and outcomes. */
final class Failures {
  private Failures() {}

  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return "no answer in time (" + t.getMessage() + ")";
      }
      if (t instanceof java.net.ConnectException
          || t instanceof java.nio.file.NoSuchFileException) {
        return "cannot connect (" + t.getMessage() + ")";
      }
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    message = message.replaceAll("\\s+", " ").strip();
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }
}
