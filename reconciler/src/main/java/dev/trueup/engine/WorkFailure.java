package dev.trueup.engine;

import dev.trueup.source.DesiredTree;
import java.time.Instant;
import java.util.Objects;

/**
 * The last unit of work a long-running worker failed at (a revision, a pull request's report, a
 * drift check, a round of notifications): {@code /readyz} shows it, and the run it belonged to is
 * recorded failed with the same reason. The worker itself goes on with the next unit.
 *
 * @param worker which worker failed ({@code serve loop}, {@code pull-request reports}, ...)
 * @param subject what it failed at ({@code revision 1a2b3c4d5e6f}, {@code pull request 7})
 * @param reason why, short and without a stack trace ({@link #reason(Throwable)})
 * @param at when
 */
public record WorkFailure(String worker, String subject, String reason, Instant at) {
  public WorkFailure {
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }

  /** A desired revision as a subject: its commit, or the working tree it is. */
  public static String subject(DesiredTree tree) {
    return tree.commit().map(c -> "revision " + c).orElse("the working tree");
  }

  /** One line for {@code /readyz} and the log. */
  public String line() {
    return "last failure of the " + worker + ": " + subject + " at " + at + ": " + reason;
  }

  /**
   * Why {@code failure} stopped a unit of work, fit for a run record: the class name only (a
   * message may quote a file's content or a resolved secret), with what it most likely means for
   * the errors a revision can provoke on its own.
   */
  public static String reason(Throwable failure) {
    Class<?> type = failure.getClass();
    String name = type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
    return switch (failure) {
      case StackOverflowError e ->
          name
              + ": nested too deeply (a template that includes itself, or a document nested"
              + " thousands of levels)";
      case OutOfMemoryError e -> name + ": the revision needed more memory than the process has";
      case Error e -> name + ": an internal error";
      default -> name;
    };
  }
}
