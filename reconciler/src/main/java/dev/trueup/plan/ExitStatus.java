package dev.trueup.plan;

import dev.trueup.diff.Note;

/**
 * How {@code trueup plan} exits, as {@code terraform plan -detailed-exitcode}: scripts and CI tell
 * "in sync" from "drift" without parsing output.
 */
public enum ExitStatus {
  NO_CHANGES(0),
  ERROR(1),
  CHANGES(2);

  private final int code;

  ExitStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** A node that was not observed or not rendered makes the plan incomplete: an error. */
  public static ExitStatus of(Plan plan) {
    boolean incomplete =
        plan.nodes().stream()
            .anyMatch(
                n ->
                    !n.observed()
                        || n.notes().stream().anyMatch(x -> x.kind() == Note.Kind.RENDER_ERROR));
    if (incomplete) {
      return ERROR;
    }
    return plan.hasChanges() ? CHANGES : NO_CHANGES;
  }
}
