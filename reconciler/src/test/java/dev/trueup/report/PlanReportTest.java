package dev.trueup.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.plan.Plan;
import dev.trueup.plan.Planner;
import dev.trueup.plan.Selection;
import dev.trueup.testing.Golden;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.fixtures.DecidedPlan;
import dev.trueup.testing.fixtures.FixturePlan;
import dev.trueup.testing.fixtures.HostilePlan;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanReportTest {
  private static final Path GOLDEN = ProjectRoot.module().resolve("src/test/resources/golden/plan");

  @Test
  void jsonMatchesGolden() {
    Golden.assertMatches(GOLDEN.resolve("plan.json"), PlanJson.write(FixturePlan.plan()));
  }

  @Test
  void textMatchesGolden() {
    Golden.assertMatches(
        GOLDEN.resolve("plan.txt"),
        PlanText.render(PlanJson.tree(FixturePlan.plan()), Palette.PLAIN));
  }

  @Test
  void markdownMatchesGolden() {
    Golden.assertMatches(
        GOLDEN.resolve("plan.md"), PlanMarkdown.render(PlanJson.tree(FixturePlan.plan())));
  }

  @Test
  void decidedPlanMatchesGoldens() {
    Plan decided = DecidedPlan.plan();
    Golden.assertMatches(GOLDEN.resolve("decided.json"), PlanJson.write(decided));
    Golden.assertMatches(
        GOLDEN.resolve("decided.txt"), PlanText.render(PlanJson.tree(decided), Palette.PLAIN));
    Golden.assertMatches(GOLDEN.resolve("decided.md"), PlanMarkdown.render(PlanJson.tree(decided)));
  }

  @Test
  void hostileValuesAreShownEscapedNeverObeyed() {
    String plain = PlanText.render(PlanJson.tree(HostilePlan.plan()), Palette.PLAIN);
    Golden.assertMatches(GOLDEN.resolve("hostile.txt"), plain);
    assertThat(plain).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u202e");
    // With colour, the only escape sequences left are the palette's own.
    String coloured = PlanText.render(PlanJson.tree(HostilePlan.plan()), Palette.ANSI);
    assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).doesNotContain("\u001b");
  }

  @Test
  void decidedPlanRoundTrips() {
    Plan decided = DecidedPlan.plan();
    assertThat(decided.nodes()).allMatch(n -> n.decided());
    String json = PlanJson.write(decided);
    assertThat(PlanJson.read(json)).isEqualTo(decided);
    assertThat(PlanJson.write(PlanJson.read(json))).isEqualTo(json);
  }

  @Test
  void undecidedPlansCarryNoDecisionFields() {
    assertThat(PlanJson.write(FixturePlan.plan())).doesNotContain("\"verdict\"");
  }

  @Test
  void jsonRoundTrips() {
    Plan plan = FixturePlan.plan();
    String json = PlanJson.write(plan);
    assertThat(PlanJson.read(json)).isEqualTo(plan);
    assertThat(PlanJson.write(PlanJson.read(json))).isEqualTo(json);
  }

  @Test
  void savedPlanPrintsLikeAFreshOne() {
    Plan plan = FixturePlan.plan();
    assertThat(PlanText.render(PlanJson.parse(PlanJson.write(plan)), Palette.PLAIN))
        .isEqualTo(PlanText.render(PlanJson.tree(plan), Palette.PLAIN));
  }

  @Test
  void secretValuesAppearNowhere() {
    Plan plan = FixturePlan.plan();
    assertThat(PlanJson.write(plan)).doesNotContain("s3cr3t");
    assertThat(PlanText.render(PlanJson.tree(plan), Palette.PLAIN))
        .doesNotContain("s3cr3t")
        .contains("content changed (secret-bearing, not shown)");
  }

  @Test
  void summaryLines() {
    var fleet = FixturePlan.fleet();
    var live = FixturePlan.live(fleet);
    Planner planner = new Planner(FixturePlan.RENDERER);
    assertThat(PlanText.render(PlanJson.tree(FixturePlan.plan()), Palette.PLAIN))
        .endsWith(
            "\n"
                + "3 to add, 4 to change, 1 to replace, 1 to delete on 2 of 5 nodes; 2 nodes"
                + " unreachable\n");
    Plan calm = planner.plan(fleet, live, Selection.of(Set.of("calm"), Set.of(), Set.of()), "r");
    assertThat(PlanText.render(PlanJson.tree(calm), Palette.PLAIN))
        .endsWith("\nNo changes. 1 node matches its desired state.\n");
    Plan dev =
        planner.plan(fleet, live, Selection.of(Set.of("dev-box", "db"), Set.of(), Set.of()), "r");
    assertThat(PlanText.render(PlanJson.tree(dev), Palette.PLAIN))
        .endsWith("\n3 to add, 0 to change, 0 to delete on 1 of 2 nodes; 1 node unreachable\n");
  }

  @Test
  void colourOnlyWithTheAnsiPalette() {
    String ansi = PlanText.render(PlanJson.tree(FixturePlan.plan()), Palette.ANSI);
    assertThat(ansi).contains("\u001b[32m+ directory /opt/app");
    assertThat(PlanText.render(PlanJson.tree(FixturePlan.plan()), Palette.PLAIN))
        .doesNotContain("\u001b[");
  }
}
