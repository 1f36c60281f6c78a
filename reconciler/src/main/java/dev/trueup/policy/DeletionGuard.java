package dev.trueup.policy;

import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.model.Policy;
import java.util.Collection;
import java.util.Locale;

/**
 * Refuses a plan that would delete most of what trueup manages: the usual cause is a desired state
 * that is not the one meant (an empty directory, the wrong branch), not a wish to tear down the
 * fleet. {@code policy.maxDeleteFraction} sets the share; an explicit allow overrides it.
 */
public final class DeletionGuard {

  /** The guard's answer. */
  public sealed interface Result {
    boolean allowed();

    String message();
  }

  public record Allowed(String message) implements Result {
    @Override
    public boolean allowed() {
      return true;
    }
  }

  public record Refused(int deletions, int managed, String message) implements Result {
    @Override
    public boolean allowed() {
      return false;
    }
  }

  private DeletionGuard() {}

  /**
   * @param changes the plan's changes, every node together
   * @param managed how many resources trueup manages on the observed nodes (the live ones it owns)
   * @param allowMassDelete the user said explicitly that this many deletions are meant
   */
  public static Result check(
      Policy policy, Collection<Change> changes, int managed, boolean allowMassDelete) {
    int deletions = (int) changes.stream().filter(c -> c.action() == Action.DELETE).count();
    return check(policy, deletions, managed, allowMassDelete);
  }

  public static Result check(Policy policy, int deletions, int managed, boolean allowMassDelete) {
    double limit = policy.maxDeleteFraction();
    if (deletions == 0 || managed == 0) {
      return new Allowed("no managed resources to delete");
    }
    double fraction = (double) deletions / managed;
    String share =
        String.format(
            Locale.ROOT,
            "%d of %d managed resources (%s; maxDeleteFraction is %s)",
            deletions,
            managed,
            percent(fraction),
            percent(limit));
    if (fraction <= limit) {
      return new Allowed("deletes " + share);
    }
    if (allowMassDelete) {
      return new Allowed("deletes " + share + ", explicitly allowed");
    }
    return new Refused(
        deletions,
        managed,
        "refusing to delete "
            + share
            + ": is the desired state the one you meant (not an empty directory or the wrong"
            + " branch)? Allow it explicitly if this is intended.");
  }

  private static String percent(double f) {
    return String.format(Locale.ROOT, "%.0f%%", f * 100);
  }
}
