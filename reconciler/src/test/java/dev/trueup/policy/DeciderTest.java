package dev.trueup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.ChangeClass;
import dev.trueup.model.Policy;
import dev.trueup.model.Verdict;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.fixtures.Changes;
import dev.trueup.testing.fixtures.Policies;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeciderTest {
  private static final List<String> ENVIRONMENTS = List.of("development", "staging", "production");
  private static final Decider DEFAULTS = new Decider(Policy.defaults(), ENVIRONMENTS);
  private static final ChangeKey KEY =
      new ChangeKey("aurora", ResourceKind.FILE, "/etc/app.conf", "f1");
  private static final PromotionState.Resource RESOURCE =
      new PromotionState.Resource("/etc/app.conf", "f1");
  private static final Classification MINOR =
      new Classification(ChangeClass.MINOR, "structural: schedule change", "x");

  static Decision prod(Classification c, PromotionState promotion, Set<ChangeKey> approvals) {
    return DEFAULTS.decide(KEY, ChangeContext.of("production"), c, promotion, approvals);
  }

  @Test
  void promotionOfAStagedChange() {
    PromotionState staged = new PromotionState(Set.of(), Set.of(RESOURCE));
    PromotionState verified = new PromotionState(Set.of(RESOURCE), Set.of(RESOURCE));

    assertThat(prod(MINOR, staged, Set.of()).step()).isEqualTo(Step.WAIT_FOR_STAGING);
    Decision early = prod(MINOR, staged, Set.of(KEY));
    assertThat(early.step()).isEqualTo(Step.WAIT_FOR_STAGING);
    assertThat(early.reason()).contains("already approved");
    assertThat(prod(MINOR, verified, Set.of()).step()).isEqualTo(Step.HOLD_FOR_APPROVAL);
    assertThat(prod(MINOR, verified, Set.of(KEY)).step()).isEqualTo(Step.APPLY_NOW);
  }

  @Test
  void withoutAStagingCounterpartAStagedChangeNeedsApproval() {
    Decision d = prod(MINOR, PromotionState.none(), Set.of());
    assertThat(d.step()).isEqualTo(Step.HOLD_FOR_APPROVAL);
    assertThat(d.reason()).contains("no staging node carries this content");
    assertThat(prod(MINOR, PromotionState.none(), Set.of(KEY)).step()).isEqualTo(Step.APPLY_NOW);
  }

  @Test
  void stagingEvidenceIsForTheSameContent() {
    PromotionState other =
        new PromotionState(
            Set.of(new PromotionState.Resource("/etc/app.conf", "f0")),
            Set.of(new PromotionState.Resource("/etc/app.conf", "f0")));
    assertThat(prod(MINOR, other, Set.of()).step()).isEqualTo(Step.HOLD_FOR_APPROVAL);
  }

  @Test
  void anApprovalHoldsOnlyForTheContentApproved() {
    Classification major = new Classification(ChangeClass.MAJOR, "r", "x");
    ChangeKey older = new ChangeKey("aurora", ResourceKind.FILE, "/etc/app.conf", "f0");
    assertThat(prod(major, PromotionState.none(), Set.of(older)).step())
        .isEqualTo(Step.HOLD_FOR_APPROVAL);
    assertThat(prod(major, PromotionState.none(), Set.of(KEY)).step()).isEqualTo(Step.APPLY_NOW);
  }

  @Test
  void aBusinessDecisionIsAppliedOnceAPersonDecides() {
    Classification business = new Classification(ChangeClass.BUSINESS, "r", "x");
    assertThat(prod(business, PromotionState.none(), Set.of()).step()).isEqualTo(Step.NOTIFY_ONLY);
    assertThat(prod(business, PromotionState.none(), Set.of(KEY)).step()).isEqualTo(Step.APPLY_NOW);
  }

  @Test
  void aFlaggedDriftIsRevertedOnceApproved() {
    ChangeContext drift = ChangeContext.of("production").withOrigin(Origin.LIVE_DRIFT);
    Decision flagged = DEFAULTS.decide(KEY, drift, MINOR, PromotionState.none(), Set.of());
    assertThat(flagged.step()).isEqualTo(Step.FLAG_DRIFT);
    assertThat(flagged.verdict()).isEqualTo(Verdict.APPROVE);
    assertThat(DEFAULTS.decide(KEY, drift, MINOR, PromotionState.none(), Set.of(KEY)).step())
        .isEqualTo(Step.REVERT_DRIFT);
  }

  @Test
  void theFirstMatchingVerdictRuleOverridesTheMatrix() {
    Decider decider =
        new Decider(
            Policies.policy()
                .verdictRule("billing-waits", Verdict.APPROVE, "service", "billing")
                .verdictRule("prod-auto", Verdict.APPLY, "environment", "production")
                .build(),
            ENVIRONMENTS);
    Classification bugfix = new Classification(ChangeClass.BUGFIX, "r", "x");
    Decision d =
        decider.decide(
            KEY,
            ChangeContext.of("production").withService("billing"),
            bugfix,
            PromotionState.none(),
            Set.of());
    assertThat(d.step()).isEqualTo(Step.HOLD_FOR_APPROVAL);
    assertThat(d.reason()).startsWith("policy rule billing-waits says approve");
    assertThat(
            decider
                .decide(KEY, ChangeContext.of("production"), MINOR, PromotionState.none(), Set.of())
                .step())
        .isEqualTo(Step.APPLY_NOW);
  }

  @Test
  void anEnvironmentOutsideThePromotionOrderIsTreatedAsTheLast() {
    Decision d =
        DEFAULTS.decide(KEY, ChangeContext.of("lab"), MINOR, PromotionState.none(), Set.of());
    assertThat(d.step()).isEqualTo(Step.HOLD_FOR_APPROVAL);
  }

  /** One commit, three classes: each change is decided on its own, the fix ships. */
  @Test
  void oneCommitWithMixedClasses() {
    Policy policy =
        Policies.policy()
            .classRule("billing-is-business", ChangeClass.BUSINESS, "service", "billing*")
            .build();
    Classifier classifier = new Classifier(policy);
    Decider decider = new Decider(policy, ENVIRONMENTS);
    CommitMessage commit = new CommitMessage("3f2c9a1", "fix: api patch, nightly job, prices");
    ChangeContext prod = ChangeContext.of("production").withCommits(commit);

    var api = Changes.file("aurora", "/etc/trueup/env/api.env");
    var job = Changes.update("aurora", ResourceKind.SCHEDULE, "/etc/cron.d/trueup-nightly");
    var prices = Changes.file("aurora", "/etc/billing/prices.conf");
    Classification apiClass = classifier.classify(api, prod.withService("api"));
    Classification jobClass = classifier.classify(job, prod);
    Classification pricesClass = classifier.classify(prices, prod.withService("billing"));

    assertThat(List.of(apiClass, jobClass, pricesClass))
        .extracting(Classification::changeClass)
        .containsExactly(ChangeClass.BUGFIX, ChangeClass.MINOR, ChangeClass.BUSINESS);
    assertThat(List.of(apiClass, jobClass, pricesClass))
        .extracting(Classification::rule)
        .containsExactly(
            "commit 3f2c9a1: fix: api patch, nightly job, prices",
            "structural: schedule change",
            "policy rule billing-is-business");

    PromotionState promotion =
        new PromotionState(
            Set.of(), Set.of(new PromotionState.Resource("/etc/cron.d/trueup-nightly", "f1")));
    assertThat(
            List.of(
                decider.decide(key(api), prod, apiClass, promotion, Set.of()).step(),
                decider.decide(key(job), prod, jobClass, promotion, Set.of()).step(),
                decider
                    .decide(
                        key(prices), prod.withService("billing"), pricesClass, promotion, Set.of())
                    .step()))
        .containsExactly(Step.APPLY_NOW, Step.WAIT_FOR_STAGING, Step.NOTIFY_ONLY);
  }

  private static ChangeKey key(dev.trueup.diff.Change c) {
    return new ChangeKey(c.node(), c.kind(), c.id(), "f1");
  }
}
