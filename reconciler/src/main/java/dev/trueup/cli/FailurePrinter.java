package dev.trueup.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/**
 * What the user sees when a command fails with an exception: one line, {@code trueup COMMAND: what
 * went wrong}, and exit 1. No input may make trueup print a Java stack trace.
 */
final class FailurePrinter implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + describe(e));
    cli.getErr().flush();
    return Main.FAILURE;
  }

  /** An exception as a sentence: file problems name the file and the reason. */
  static String describe(Throwable e) {
    return switch (e) {
      case CommandFailure f -> f.getMessage();
      case UncheckedIOException u -> describe(u.getCause());
      case NoSuchFileException f -> f.getFile() + ": no such file or directory";
      case AccessDeniedException f -> f.getFile() + ": permission denied";
      case FileAlreadyExistsException f -> f.getFile() + ": already exists";
      case NotDirectoryException f -> f.getFile() + ": not a directory";
      case FileSystemException f ->
          f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "cannot be used");
      default ->
          e.getMessage() != null && !e.getMessage().isBlank()
              ? e.getMessage()
              : "unexpected " + e.getClass().getSimpleName() + " (a bug: please report it)";
    };
  }
}
