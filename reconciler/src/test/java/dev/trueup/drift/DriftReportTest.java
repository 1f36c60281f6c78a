package dev.trueup.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.AlertLevel;
import dev.trueup.notify.Event;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Summary;
import dev.trueup.store.DriftRecord;
import dev.trueup.testing.Golden;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.fixtures.DriftPlan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drift report of a decided plan: what counts as drift, its JSON and Markdown, its events. */
class DriftReportTest {
  private static final Path GOLDEN =
      ProjectRoot.module().resolve("src/test/resources/golden/drift");
  private static final Instant AT = Instant.parse("2026-11-20T10:05:00Z");

  private static DriftReport report() {
    Plan plan = DriftPlan.plan();
    return DriftReport.of(plan, plan.desiredRevision(), AT, 7);
  }

  @Test
  void jsonIsGolden() {
    Golden.assertMatches(GOLDEN.resolve("drift.json"), report().json());
  }

  @Test
  void markdownIsRenderedFromTheJsonAndGolden() {
    DriftReport r = report();
    String md = DriftMarkdown.render(DriftReport.parse(r.json()));
    assertThat(md).isEqualTo(DriftMarkdown.render(r));
    Golden.assertMatches(GOLDEN.resolve("drift.md"), md);
  }

  @Test
  void onlyLiveDriftCountsAndUnobservedNodesAreNamed() {
    DriftReport r = report();
    assertThat(r.clean()).isFalse();
    assertThat(r.nodesChecked()).isEqualTo(5);
    assertThat(r.nodesDrifted()).isEqualTo(1);
    assertThat(r.unreachable()).isEqualTo(2);
    assertThat(r.tree().get("summary").get("flagged").asInt()).isEqualTo(1);
    // dev-box was never applied: its changes are pending desired state, not drift.
    assertThat(r.tree().get("summary").get("pending").asInt()).isPositive();
    assertThat(r.nodeEntries())
        .extracting(DriftRecord.NodeEntry::node, DriftRecord.NodeEntry::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("db", DriftRecord.Status.UNREACHABLE),
            org.assertj.core.groups.Tuple.tuple("edge", DriftRecord.Status.UNREACHABLE),
            org.assertj.core.groups.Tuple.tuple("web", DriftRecord.Status.DRIFTED));
    assertThat(r.json()).doesNotContain("dev-box");
    assertThat(r.shortRevision()).isEqualTo("3f2c9a1");
  }

  @Test
  void aSecretBackedFieldIsReportedChangedButItsValueNowhere() {
    DriftReport r = report();
    String json = r.json();
    String md = DriftMarkdown.render(r);
    assertThat(json).contains("/etc/trueup/env/api.service.env").contains("secret-bearing");
    assertThat(md).contains("/etc/trueup/env/api.service.env").contains("secret-bearing");
    assertThat(json).doesNotContain(DriftPlan.SECRET);
    assertThat(md).doesNotContain(DriftPlan.SECRET);
    assertThat(DriftCheck.events(DriftPlan.plan()).toString()).doesNotContain(DriftPlan.SECRET);
  }

  @Test
  void aPlanWithoutChangesIsClean() {
    Plan empty = new Plan("abc1234", "fp", List.of(), new Summary(0, 0, 0, 0, 0, 0, 0));
    DriftReport r = DriftReport.of(empty, "abc1234", AT, 1);
    assertThat(r.clean()).isTrue();
    assertThat(r.headline()).startsWith("clean");
    assertThat(r.nodeEntries()).isEmpty();
  }

  @Test
  void eventsAreHighWhenDriftIsFlaggedAndNameUnobservedNodes() {
    List<Event> events = DriftCheck.events(DriftPlan.plan());
    assertThat(events)
        .extracting(e -> e.level() + " " + e.kind() + " " + e.node())
        .containsExactlyInAnyOrder(
            "HIGH NODE_UNREACHABLE db",
            "CRITICAL HOST_KEY_CHANGED edge",
            "HIGH DRIFT_DETECTED web");
    Event web =
        events.stream()
            .filter(e -> e.kind() == Event.Kind.DRIFT_DETECTED)
            .findFirst()
            .orElseThrow();
    assertThat(web.details()).anyMatch(d -> d.contains("/etc/app.conf") && d.contains("flagged"));
    assertThat(web.level()).isEqualTo(AlertLevel.HIGH);
  }

  @Test
  void shortRevisions() {
    assertThat(DriftReport.shortRevision("3f2c9a1e3f2c9a1e")).isEqualTo("3f2c9a1");
    assertThat(DriftReport.shortRevision("tree:0123456789ab")).isEqualTo("0123456");
    assertThat(DriftReport.shortRevision("??")).isEqualTo("unknown");
  }
}
