package dev.trueup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.diff.Change;
import dev.trueup.engine.ApplyRun;
import dev.trueup.live.Reachability;
import dev.trueup.model.AlertLevel;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.Verdict;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Summary;
import dev.trueup.policy.Classification;
import dev.trueup.policy.Decision;
import dev.trueup.policy.Step;
import dev.trueup.render.ResourceKind;
import dev.trueup.store.Approval;
import dev.trueup.testing.fixtures.Changes;
import dev.trueup.validate.ValidationReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventsTest {

  private static Decision decision(Step step, ChangeClass c) {
    return new Decision(Verdict.APPLY, new Classification(c, "test", "test"), step, "because");
  }

  private static ChangeResult applied(Change c) {
    return new ChangeResult(
        c.kind(), c.id(), c.action(), ChangeResult.Status.APPLIED, Optional.empty());
  }

  @Test
  void applyOutcomesBecomeEventsAtTheSeedsLevels() {
    Change conf = Changes.file("aurora", "/etc/app/app.conf");
    Change unit = Changes.update("aurora", ResourceKind.UNIT, "ollama.service");
    Change bump = Changes.update("staging1", ResourceKind.CONTAINER, "chat-backend");
    Change pricing = Changes.file("aurora", "/etc/app/pricing.yaml");
    List<NodePlan> nodes =
        List.of(
            new NodePlan(
                    "aurora",
                    "production",
                    List.of(),
                    new Reachability.Observed(),
                    List.of(conf, unit),
                    List.of())
                .withDecisions(
                    List.of(
                        decision(Step.APPLY_NOW, ChangeClass.BUGFIX),
                        decision(Step.REVERT_DRIFT, ChangeClass.MINOR))),
            new NodePlan(
                "vengeance",
                "development",
                List.of(),
                new Reachability.Unreachable("connection refused"),
                List.of(),
                List.of()),
            new NodePlan(
                "robbiebook1",
                "staging",
                List.of(),
                new Reachability.HostKeyRejected("SHA256:new", List.of("SHA256:old")),
                List.of(),
                List.of()),
            new NodePlan(
                    "staging1",
                    "staging",
                    List.of(),
                    new Reachability.Observed(),
                    List.of(bump),
                    List.of())
                .withDecisions(List.of(decision(Step.APPLY_NOW, ChangeClass.MINOR))));
    Plan plan = new Plan("abc123", "fp", nodes, Summary.of(nodes));
    ApplyRun run =
        new ApplyRun(
            42,
            new ValidationReport(Path.of("."), 0, Optional.empty(), List.of()),
            Optional.of(plan),
            List.of(
                new NodeApplyResult(
                    "aurora",
                    NodeApplyResult.Outcome.APPLIED,
                    List.of(applied(conf), applied(unit)),
                    Optional.empty(),
                    Optional.empty(),
                    Duration.ofSeconds(3)),
                NodeApplyResult.refused("vengeance", List.of(), "connection refused"),
                NodeApplyResult.refused("robbiebook1", List.of(), "host key rejected"),
                new NodeApplyResult(
                    "staging1",
                    NodeApplyResult.Outcome.ROLLED_BACK,
                    List.of(),
                    Optional.of("health check failed"),
                    Optional.of(new NodeApplyResult.Rollback("r42", true)),
                    Duration.ofSeconds(9))),
            List.of(
                new Approval(
                    "k7m2qx",
                    "aurora/file:/etc/app/x",
                    "aurora",
                    "file /etc/app/x",
                    "abc123",
                    ChangeClass.MAJOR,
                    Optional.of("major change on production"),
                    Approval.Status.PENDING,
                    Instant.EPOCH,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty())),
            List.of(
                new ApplyRun.Noted(
                    "aurora", pricing, decision(Step.NOTIFY_ONLY, ChangeClass.BUSINESS))),
            Optional.empty(),
            Optional.empty());

    List<Event> events = Events.from(run);
    assertThat(events)
        .extracting(e -> e.level() + " " + e.kind() + " " + e.node())
        .containsExactlyInAnyOrder(
            "CRITICAL HOST_KEY_CHANGED robbiebook1",
            "HIGH NODE_UNREACHABLE vengeance",
            "MEDIUM AUTO_APPLIED aurora",
            "MEDIUM DRIFT_REVERTED aurora",
            "CRITICAL ROLLED_BACK staging1",
            "HIGH APPROVAL_NEEDED aurora",
            "HIGH DECISION_NEEDED aurora",
            "LOW RUN_SUMMARY *");
    Event reverted =
        events.stream()
            .filter(e -> e.kind() == Event.Kind.DRIFT_REVERTED)
            .findFirst()
            .orElseThrow();
    assertThat(reverted.details()).containsExactly("update unit ollama.service");
    Event approval =
        events.stream()
            .filter(e -> e.kind() == Event.Kind.APPROVAL_NEEDED)
            .findFirst()
            .orElseThrow();
    assertThat(approval.details()).contains("approve with: trueup approve k7m2qx");
    // Same run again: same keys (an unchanged fact keeps its key).
    assertThat(Events.from(run))
        .extracting(Event::dedupKey)
        .containsExactlyElementsOf(events.stream().map(Event::dedupKey).toList());
    for (Event e : events) {
      assertThat(e.level()).isEqualTo(e.kind().level());
    }
  }

  @Test
  void aRefusedRunAndAFailedNodeAreCritical() {
    ApplyRun run =
        new ApplyRun(
            7,
            new ValidationReport(Path.of("."), 0, Optional.empty(), List.of()),
            Optional.empty(),
            List.of(NodeApplyResult.refused("aurora", List.of(), "disk full")),
            List.of(),
            List.of(),
            Optional.of("plan is stale"),
            Optional.empty());
    assertThat(Events.from(run))
        .extracting(e -> e.level() + " " + e.kind() + " " + e.node())
        .containsExactly(
            "CRITICAL APPLY_FAILED *", "CRITICAL APPLY_FAILED aurora", "LOW RUN_SUMMARY *");
    assertThat(AlertLevel.CRITICAL.delivery()).isEqualTo("at once");
  }
}
