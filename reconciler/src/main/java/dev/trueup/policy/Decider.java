package dev.trueup.policy;

import dev.trueup.model.DriftAction;
import dev.trueup.model.Policy;
import dev.trueup.model.PolicyRule;
import dev.trueup.model.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a classified change into a decision: the verdict (a matching policy rule's {@code
 * verdict:}, else the matrix entry for the class) and what follows from it in this run. Every
 * change is decided on its own, so the bug-fix part of a commit ships while the rest waits.
 *
 * <p>Promotion: a {@code staged} change applies at once on every environment but the last in
 * promotion order; on the last one (production) it waits until staging has applied and verified the
 * same resource with the same desired content, then waits for approval. Live drift does not go
 * through the matrix: the environment's {@code liveDrift} setting reverts it (like a bug fix) or
 * flags it for review.
 */
public final class Decider {
  private final Policy policy;
  private final List<String> environments;

  /**
   * @param environments the fleet's environments in promotion order (DesiredState.environments)
   */
  public Decider(Policy policy, List<String> environments) {
    this.policy = policy;
    this.environments = List.copyOf(environments);
  }

  public Decision decide(
      ChangeKey key,
      ChangeContext context,
      Classification classification,
      PromotionState promotion,
      Set<ChangeKey> approvals) {
    boolean approved = approvals.contains(key);
    if (context.origin() == Origin.LIVE_DRIFT) {
      return drift(context.environment(), classification, approved);
    }
    Optional<PolicyRule> rule =
        new RuleTarget(key.node(), key.kind(), context).firstVerdictRule(policy.rules());
    Verdict verdict =
        rule.flatMap(PolicyRule::verdict).orElse(policy.verdictFor(classification.changeClass()));
    String source =
        rule.map(r -> "policy rule " + r.name() + " says " + verdict.yaml())
            .orElse(classification.changeClass().yaml() + " → " + verdict.yaml());
    return switch (verdict) {
      case APPLY -> decision(verdict, classification, Step.APPLY_NOW, source);
      case APPROVE ->
          approved
              ? decision(verdict, classification, Step.APPLY_NOW, source + "; approved")
              : decision(verdict, classification, Step.HOLD_FOR_APPROVAL, source);
      case NOTIFY ->
          approved
              ? decision(verdict, classification, Step.APPLY_NOW, source + "; decided: apply")
              : decision(
                  verdict,
                  classification,
                  Step.NOTIFY_ONLY,
                  source + "; nothing is applied until a person decides");
      case STAGED ->
          staged(key, context.environment(), classification, promotion, approved, source);
    };
  }

  private Decision staged(
      ChangeKey key,
      String environment,
      Classification classification,
      PromotionState promotion,
      boolean approved,
      String source) {
    Verdict v = Verdict.STAGED;
    if (!isLast(environment)) {
      return decision(
          v, classification, Step.APPLY_NOW, source + "; " + environment + " goes first");
    }
    if (!promotion.hasCounterpart(key)) {
      // Nothing in staging can prove this content: only a person can let it through.
      return approved
          ? decision(
              v, classification, Step.APPLY_NOW, source + "; no staging counterpart; approved")
          : decision(
              v,
              classification,
              Step.HOLD_FOR_APPROVAL,
              source + "; no staging node carries this content, so it needs approval");
    }
    if (!promotion.verified(key)) {
      // An approval given early is kept: the change goes out once staging is verified.
      return decision(
          v,
          classification,
          Step.WAIT_FOR_STAGING,
          source
              + "; waits until staging has applied and verified it"
              + (approved ? " (already approved)" : ", then needs approval"));
    }
    return approved
        ? decision(v, classification, Step.APPLY_NOW, source + "; verified on staging; approved")
        : decision(
            v,
            classification,
            Step.HOLD_FOR_APPROVAL,
            source + "; verified on staging, needs approval for " + environment);
  }

  private Decision drift(String environment, Classification classification, boolean approved) {
    DriftAction action = policy.liveDriftFor(environment);
    if (action == DriftAction.REVERT) {
      return decision(
          Verdict.APPLY,
          classification,
          Step.REVERT_DRIFT,
          "live changed outside trueup; liveDrift in " + environment + " is revert");
    }
    return approved
        ? decision(
            Verdict.APPROVE,
            classification,
            Step.REVERT_DRIFT,
            "live changed outside trueup; revert approved")
        : decision(
            Verdict.APPROVE,
            classification,
            Step.FLAG_DRIFT,
            "live changed outside trueup; liveDrift in "
                + environment
                + " is flag: left for review");
  }

  /** The last environment in promotion order; one not listed counts as last (the careful side). */
  boolean isLast(String environment) {
    int i = environments.indexOf(environment);
    return i < 0 || i == environments.size() - 1;
  }

  private static Decision decision(Verdict v, Classification c, Step step, String reason) {
    return new Decision(v, c, step, reason);
  }
}
