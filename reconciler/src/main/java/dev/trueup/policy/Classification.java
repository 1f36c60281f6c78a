package dev.trueup.policy;

import dev.trueup.model.ChangeClass;

/**
 * The class of one change and what produced it. {@code rule} and {@code reason} are for people
 * (reports, the decision record); nothing branches on them.
 *
 * @param rule the rule that gave the final class, e.g. {@code structural: schedule change}, {@code
 *     commit 3f2c9a1: fix: ...}, {@code policy rule billing-is-business}
 * @param reason a sentence saying why that rule fired
 */
public record Classification(ChangeClass changeClass, String rule, String reason) {

  /** This classification, or {@code other} when other is strictly stronger (ties keep this). */
  public Classification strongest(Classification other) {
    return other.changeClass.ordinal() > changeClass.ordinal() ? other : this;
  }
}
