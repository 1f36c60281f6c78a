package dev.trueup.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diff.Change;
import dev.trueup.model.DesiredState;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.fixtures.FixturePlan;
import dev.trueup.testing.fixtures.Lives;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private final Planner planner = new Planner(FixturePlan.RENDERER);

  @Test
  void nodesInPromotionOrderThenName() {
    assertThat(FixturePlan.plan().nodes())
        .extracting(NodePlan::node)
        .containsExactly("dev-box", "web", "calm", "db", "edge");
  }

  @Test
  void changesInKindOrderWithinANode() {
    for (NodePlan n : FixturePlan.plan().nodes()) {
      assertThat(n.changes())
          .isSortedAccordingTo(Comparator.comparing(Change::kind).thenComparing(Change::id));
    }
    assertThat(FixturePlan.plan().nodes().getFirst().changes())
        .extracting(Change::kind)
        .containsExactly(ResourceKind.DIRECTORY, ResourceKind.FILE, ResourceKind.SCHEDULE);
  }

  @Test
  void summaryCountsEveryAction() {
    Summary s = FixturePlan.plan().summary();
    assertThat(s).isEqualTo(new Summary(3, 4, 1, 1, 2, 5, 2));
  }

  @Test
  void planningTwiceGivesIdenticalPlans() {
    assertThat(FixturePlan.plan()).isEqualTo(FixturePlan.plan());
  }

  @Test
  void liveMapOrderDoesNotMatter() {
    DesiredState fleet = FixturePlan.fleet();
    Map<String, LiveNode> sorted = FixturePlan.live(fleet);
    Map<String, LiveNode> reversed = new LinkedHashMap<>();
    List.copyOf(sorted.keySet()).reversed().forEach(k -> reversed.put(k, sorted.get(k)));
    assertThat(planner.plan(fleet, reversed, Selection.all(), "r"))
        .isEqualTo(planner.plan(fleet, sorted, Selection.all(), "r"));
    assertThat(LiveFingerprint.of(reversed)).isEqualTo(LiveFingerprint.of(sorted));
  }

  @Test
  void fingerprintMovesWithTheLiveState() {
    DesiredState fleet = FixturePlan.fleet();
    Map<String, LiveNode> live = new LinkedHashMap<>(FixturePlan.live(fleet));
    String before = LiveFingerprint.of(live);
    live.put("calm", Lives.empty("calm").build());
    assertThat(LiveFingerprint.of(live)).isNotEqualTo(before).hasSize(64);
  }

  @Test
  void nodeMatchingItsDesiredStatePlansNothing() {
    NodePlan calm =
        FixturePlan.plan().nodes().stream()
            .filter(n -> n.node().equals("calm"))
            .findFirst()
            .orElseThrow();
    assertThat(calm.changes()).isEmpty();
    assertThat(calm.notes()).isEmpty();
  }

  @Test
  void selectionByNodeEnvironmentAndGroup() {
    DesiredState fleet = FixturePlan.fleet();
    Map<String, LiveNode> live = FixturePlan.live(fleet);
    assertThat(
            planner.plan(fleet, live, Selection.of(Set.of("web"), Set.of(), Set.of()), "r").nodes())
        .extracting(NodePlan::node)
        .containsExactly("web");
    assertThat(
            planner
                .plan(fleet, live, Selection.of(Set.of(), Set.of("production"), Set.of()), "r")
                .nodes())
        .extracting(NodePlan::node)
        .containsExactly("calm", "db", "edge");
    assertThat(
            planner
                .plan(fleet, live, Selection.of(Set.of(), Set.of(), Set.of("frontends")), "r")
                .nodes())
        .extracting(NodePlan::node)
        .containsExactly("web", "edge");
    assertThat(
            planner
                .plan(
                    fleet,
                    live,
                    Selection.of(Set.of(), Set.of("production"), Set.of("frontends")),
                    "r")
                .summary()
                .nodesTotal())
        .isEqualTo(1);
  }

  @Test
  void aNodeMissingFromTheLiveMapIsUnreachable() {
    DesiredState fleet = FixturePlan.fleet();
    Plan plan = planner.plan(fleet, Map.of(), Selection.all(), "r");
    assertThat(plan.summary().unreachable()).isEqualTo(5);
    assertThat(plan.hasChanges()).isFalse();
    assertThat(ExitStatus.of(plan)).isEqualTo(ExitStatus.ERROR);
  }

  @Test
  void exitStatusFollowsTerraform() {
    DesiredState fleet = FixturePlan.fleet();
    Map<String, LiveNode> live = FixturePlan.live(fleet);
    assertThat(
            ExitStatus.of(
                planner.plan(fleet, live, Selection.of(Set.of("calm"), Set.of(), Set.of()), "r")))
        .isEqualTo(ExitStatus.NO_CHANGES);
    assertThat(
            ExitStatus.of(
                planner.plan(fleet, live, Selection.of(Set.of("web"), Set.of(), Set.of()), "r")))
        .isEqualTo(ExitStatus.CHANGES);
  }
}
