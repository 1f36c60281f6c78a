package dev.trueup.plan;

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

  /**
   * A node that was not observed, not rendered, or cannot be converged (a desired resource that
   * cannot exist there) is an error: "no changes" would claim it matches its desired state.
   */
  public static ExitStatus of(Plan plan) {
    boolean incomplete =
        plan.nodes().stream()
            .anyMatch(
                n -> !n.observed() || n.notes().stream().anyMatch(x -> x.kind().failsThePlan()));
    if (incomplete) {
      return ERROR;
    }
    return plan.hasChanges() ? CHANGES : NO_CHANGES;
  }
}
