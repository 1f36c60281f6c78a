package dev.trueup.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.trueup.model.ChangeClass;
import dev.trueup.model.DriftAction;
import dev.trueup.model.Policy;
import dev.trueup.model.Verdict;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.fixtures.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every class × environment × origin, for the default policy and an overridden one. Production has
 * a staging counterpart that is not verified yet, and nothing is approved: the first run after a
 * push.
 */
class DecisionMatrixTest {
  private static final List<String> ENVIRONMENTS = List.of("development", "staging", "production");

  // Columns: development, staging, production. Rows: desired-changed and new decide alike.
  private static final String DEFAULT_TABLE =
      """
      desired  bugfix        apply-now     apply-now     apply-now
      desired  minor         apply-now     apply-now     wait-for-staging
      desired  major         hold          hold          hold
      desired  architecture  hold          hold          hold
      desired  business      notify-only   notify-only   notify-only
      drift    *             revert-drift  revert-drift  flag-drift
      """;

  /**
   * policy.yaml: {@code matrix: {minor: apply, major: staged}}, {@code liveDrift: {staging: flag}},
   * and a rule {@code dev-boxes-auto: {match: {environment: development}, verdict: apply}}.
   */
  private static final String OVERRIDDEN_TABLE =
      """
      desired  bugfix        apply-now     apply-now     apply-now
      desired  minor         apply-now     apply-now     apply-now
      desired  major         apply-now     apply-now     wait-for-staging
      desired  architecture  apply-now     hold          hold
      desired  business      apply-now     notify-only   notify-only
      drift    *             revert-drift  flag-drift    flag-drift
      """;

  static Policy overridden() {
    return Policies.policy()
        .matrix(ChangeClass.MINOR, Verdict.APPLY)
        .matrix(ChangeClass.MAJOR, Verdict.STAGED)
        .liveDrift("staging", DriftAction.FLAG)
        .verdictRule("dev-boxes-auto", Verdict.APPLY, "environment", "development")
        .build();
  }

  @TestFactory
  Stream<DynamicTest> defaultPolicy() {
    return cases("default", Policy.defaults(), DEFAULT_TABLE);
  }

  @TestFactory
  Stream<DynamicTest> overriddenPolicy() {
    return cases("overridden", overridden(), OVERRIDDEN_TABLE);
  }

  private static Stream<DynamicTest> cases(String name, Policy policy, String table) {
    List<DynamicTest> tests = new ArrayList<>();
    for (ChangeClass c : ChangeClass.values()) {
      for (int e = 0; e < ENVIRONMENTS.size(); e++) {
        for (Origin origin : Origin.values()) {
          String environment = ENVIRONMENTS.get(e);
          Step expected = expected(table, c, e, origin);
          tests.add(
              dynamicTest(
                  name
                      + ": "
                      + c.yaml()
                      + " × "
                      + environment
                      + " × "
                      + origin.json()
                      + " → "
                      + expected.json(),
                  () -> assertThat(step(policy, c, environment, origin)).isEqualTo(expected)));
        }
      }
    }
    assertThat(tests).hasSize(ChangeClass.values().length * 3 * Origin.values().length);
    return tests.stream();
  }

  static Step step(Policy policy, ChangeClass c, String environment, Origin origin) {
    ChangeKey key = new ChangeKey("n1", ResourceKind.FILE, "/etc/app.conf", "f1");
    PromotionState promotion =
        new PromotionState(Set.of(), Set.of(new PromotionState.Resource("/etc/app.conf", "f1")));
    Decision d =
        new Decider(policy, ENVIRONMENTS)
            .decide(
                key,
                ChangeContext.of(environment).withOrigin(origin),
                new Classification(c, "test", "given"),
                promotion,
                Set.of());
    assertThat(d.classification().changeClass()).isEqualTo(c);
    return d.step();
  }

  private static Step expected(String table, ChangeClass c, int column, Origin origin) {
    String row = origin == Origin.LIVE_DRIFT ? "drift" : "desired";
    for (String line : table.strip().split("\n")) {
      String[] cells = line.strip().split("\\s+");
      if (cells[0].equals(row) && (cells[1].equals("*") || cells[1].equals(c.yaml()))) {
        String cell = cells[2 + column];
        return cell.equals("hold") ? Step.HOLD_FOR_APPROVAL : Step.fromJson(cell);
      }
    }
    throw new AssertionError("no row for " + row + " " + c);
  }
}
