package dev.trueup.cli;

/**
 * A command cannot go on because of what the user asked for (a missing file, a store that cannot be
 * opened, a name nothing has): said in one line on stderr, exit 1. Thrown by commands; turned into
 * that line by {@link FailurePrinter}.
 */
final class CommandFailure extends RuntimeException {
  CommandFailure(String message) {
    super(message);
  }
}
