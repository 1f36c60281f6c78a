package dev.trueup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.BusyCheck;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.Node;
import dev.trueup.model.Verdict;
import dev.trueup.policy.ApplyTiming.Answer;
import dev.trueup.render.ResourceKind;
import dev.trueup.testing.fixtures.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Maintenance windows and busy checks over decided changes, with the clock moved by hand. */
class ApplyTimingTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static Decision decided(Step step, ChangeClass changeClass) {
    return new Decision(
        Verdict.APPLY, new Classification(changeClass, "test", "test"), step, "as decided");
  }

  /** Sunday 02:00 Berlin time, three hours, every class unless some are named. */
  private static Node sundayNights(ChangeClass... classes) {
    return Nodes.node("gpu-1")
        .window("sunday-night", "0 2 * * 0", Duration.ofHours(3), BERLIN, classes)
        .build();
  }

  private static Decision at(Node node, Decision d, String instant) {
    return ApplyTiming.hold(
        d, node.timing(), new Disruption.NodeWide(), Map.of(), Instant.parse(instant));
  }

  @Test
  void outsideItsWindowAChangeWaitsAndThePlanSaysUntilWhen() {
    Node node = sundayNights();
    Decision d = at(node, decided(Step.APPLY_NOW, ChangeClass.MINOR), "2026-12-06T00:59:00Z");
    assertThat(d.step()).isEqualTo(Step.WAIT_FOR_WINDOW);
    assertThat(d.reason())
        .isEqualTo(
            "outside maintenance windows: sunday-night opens 2026-12-06 02:00 Europe/Berlin");
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.MINOR), "2026-12-06T01:00:00Z").step())
        .isEqualTo(Step.APPLY_NOW);
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.MINOR), "2026-12-06T03:59:59Z").step())
        .isEqualTo(Step.APPLY_NOW);
    Decision closed = at(node, decided(Step.APPLY_NOW, ChangeClass.MINOR), "2026-12-06T04:00:00Z");
    assertThat(closed.step()).isEqualTo(Step.WAIT_FOR_WINDOW);
    assertThat(closed.reason()).endsWith("opens 2026-12-13 02:00 Europe/Berlin");
  }

  @Test
  void theSpringChangeOpensTheWindowWhenTheSkippedHourEndsAndKeepsItsLength() {
    // 2027-03-28: Berlin's clocks jump from 02:00 to 03:00 (01:00 UTC); 02:00 never happens.
    Node node = sundayNights();
    Decision before = at(node, decided(Step.APPLY_NOW, ChangeClass.MAJOR), "2027-03-28T00:59:00Z");
    assertThat(before.reason()).endsWith("opens 2027-03-28 03:00 Europe/Berlin");
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.MAJOR), "2027-03-28T01:00:00Z").step())
        .isEqualTo(Step.APPLY_NOW);
    // Three hours of elapsed time: until 06:00 summer time, 04:00 UTC.
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.MAJOR), "2027-03-28T03:59:00Z").step())
        .isEqualTo(Step.APPLY_NOW);
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.MAJOR), "2027-03-28T04:00:00Z").step())
        .isEqualTo(Step.WAIT_FOR_WINDOW);
  }

  @Test
  void theAutumnChangeOpensTheWindowAtTheFirstOfTheTwoTwoOClocks() {
    // 2026-10-25: 02:00-03:00 happens twice in Berlin; the first 02:00 is 00:00 UTC.
    Node node = sundayNights();
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.MINOR), "2026-10-24T23:59:00Z").step())
        .isEqualTo(Step.WAIT_FOR_WINDOW);
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.MINOR), "2026-10-25T00:00:00Z").step())
        .isEqualTo(Step.APPLY_NOW);
    // 02:59 UTC is 03:59 winter time: still inside three elapsed hours.
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.MINOR), "2026-10-25T02:59:00Z").step())
        .isEqualTo(Step.APPLY_NOW);
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.MINOR), "2026-10-25T03:00:00Z").step())
        .isEqualTo(Step.WAIT_FOR_WINDOW);
  }

  @Test
  void aClassNoWindowGovernsAppliesAtAnyTimeAndOnlyApplyingStepsAreHeld() {
    Node node = sundayNights(ChangeClass.MINOR, ChangeClass.MAJOR, ChangeClass.ARCHITECTURE);
    String tuesday = "2026-12-08T10:00:00Z";
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.BUGFIX), tuesday).step())
        .isEqualTo(Step.APPLY_NOW);
    assertThat(at(node, decided(Step.REVERT_DRIFT, ChangeClass.MINOR), tuesday).step())
        .isEqualTo(Step.REVERT_WAITS_FOR_WINDOW);
    assertThat(at(node, decided(Step.HOLD_FOR_APPROVAL, ChangeClass.MAJOR), tuesday).step())
        .isEqualTo(Step.HOLD_FOR_APPROVAL);
    assertThat(Step.REVERT_WAITS_FOR_WINDOW.drift()).isTrue();
    assertThat(Step.WAIT_FOR_WINDOW.drift()).isFalse();
  }

  @Test
  void anyOpenWindowThatGovernsTheClassLetsItThrough() {
    Node node =
        Nodes.node("n")
            .window("sunday-night", "0 2 * * 0", Duration.ofHours(3), BERLIN)
            .window("lunch", "0 12 * * 1-5", Duration.ofHours(1), ZoneId.of("UTC"))
            .build();
    assertThat(at(node, decided(Step.APPLY_NOW, ChangeClass.MINOR), "2026-12-08T12:30:00Z").step())
        .isEqualTo(Step.APPLY_NOW);
    assertThat(
            at(node, decided(Step.APPLY_NOW, ChangeClass.MINOR), "2026-12-08T13:30:00Z").reason())
        .isEqualTo("outside maintenance windows: lunch opens 2026-12-09 12:00 UTC");
  }

  private static Node busyBox() {
    return Nodes.node("gpu-1")
        .systemdService("ollama", "ollama.service", "/usr/bin/ollama serve", "ollama", null)
        .systemdService("exporter", "exporter.service", "/usr/bin/exporter", "nobody", null)
        .fileRestarting("/etc/ollama.env", "A=1\n", "ollama")
        .file("/etc/motd", "hi\n", "0644")
        .busyCheck(
            "gpu-busy",
            "nvidia-smi --query-compute-apps=pid --format=csv,noheader | grep -q .",
            Duration.ofSeconds(5),
            BusyCheck.OnTimeout.BUSY,
            Optional.of("ollama"))
        .busyCheck(
            "on-battery",
            "grep -q Discharging /sys/class/power_supply/BAT0/status",
            Duration.ofSeconds(2),
            BusyCheck.OnTimeout.NOT_BUSY,
            Optional.empty())
        .build();
  }

  private static Step step(Node node, ResourceKind kind, String id, Map<String, Answer> answers) {
    return ApplyTiming.hold(
            decided(Step.APPLY_NOW, ChangeClass.BUGFIX),
            node.timing(),
            Disruption.of(node, kind, id, Optional.empty()),
            answers,
            Instant.parse("2026-12-08T10:00:00Z"))
        .step();
  }

  @Test
  void aServicesCheckDefersOnlyWhatRestartsThatService() {
    Node node = busyBox();
    Map<String, Answer> gpuBusy = Map.of("ollama/gpu-busy", Answer.BUSY, "on-battery", Answer.IDLE);
    assertThat(step(node, ResourceKind.UNIT, "ollama.service", gpuBusy)).isEqualTo(Step.DEFERRED);
    assertThat(step(node, ResourceKind.UNIT_FILE, "/etc/systemd/system/ollama.service", gpuBusy))
        .isEqualTo(Step.DEFERRED);
    assertThat(step(node, ResourceKind.FILE, "/etc/ollama.env", gpuBusy)).isEqualTo(Step.DEFERRED);
    assertThat(step(node, ResourceKind.UNIT, "exporter.service", gpuBusy))
        .isEqualTo(Step.APPLY_NOW);
    assertThat(step(node, ResourceKind.FILE, "/etc/motd", gpuBusy)).isEqualTo(Step.APPLY_NOW);
    // A package is the machine under every service: only the node's own checks guard it.
    assertThat(step(node, ResourceKind.PACKAGE, "nvidia-driver", gpuBusy))
        .isEqualTo(Step.APPLY_NOW);
  }

  @Test
  void aNodesCheckDefersEveryDisruptiveChangeButNotWhatDisruptsNothing() {
    Node node = busyBox();
    Map<String, Answer> onBattery =
        Map.of("ollama/gpu-busy", Answer.IDLE, "on-battery", Answer.BUSY);
    assertThat(step(node, ResourceKind.UNIT, "exporter.service", onBattery))
        .isEqualTo(Step.DEFERRED);
    assertThat(step(node, ResourceKind.PACKAGE, "nvidia-driver", onBattery))
        .isEqualTo(Step.DEFERRED);
    assertThat(step(node, ResourceKind.CONTAINER, "trueup-web", onBattery))
        .isEqualTo(Step.DEFERRED);
    assertThat(step(node, ResourceKind.FILE, "/etc/motd", onBattery)).isEqualTo(Step.APPLY_NOW);
    assertThat(step(node, ResourceKind.USER, "ollama", onBattery)).isEqualTo(Step.APPLY_NOW);
    assertThat(step(node, ResourceKind.SCHEDULE, "/etc/cron.d/trueup-x", onBattery))
        .isEqualTo(Step.APPLY_NOW);
  }

  @Test
  void aTimeoutCountsAsItsCheckSaysAndAMissingAnswerHoldsNothing() {
    Node node = busyBox();
    Decision d =
        ApplyTiming.hold(
            decided(Step.APPLY_NOW, ChangeClass.BUGFIX),
            node.timing(),
            Disruption.of(node, ResourceKind.UNIT, "ollama.service", Optional.empty()),
            Map.of("ollama/gpu-busy", Answer.TIMEOUT, "on-battery", Answer.TIMEOUT),
            Instant.parse("2026-12-08T10:00:00Z"));
    assertThat(d.step()).isEqualTo(Step.DEFERRED);
    assertThat(d.reason()).isEqualTo("deferred: ollama/gpu-busy (timed out, onTimeout: busy)");
    assertThat(
            step(node, ResourceKind.UNIT, "exporter.service", Map.of("on-battery", Answer.TIMEOUT)))
        .isEqualTo(Step.APPLY_NOW);
    assertThat(step(node, ResourceKind.UNIT, "ollama.service", Map.of())).isEqualTo(Step.APPLY_NOW);
  }

  @Test
  void aClosedWindowComesBeforeABusyCheck() {
    Node node =
        Nodes.node("n")
            .window("sunday-night", "0 2 * * 0", Duration.ofHours(3), BERLIN)
            .busyCheck(
                "busy", "true", Duration.ofSeconds(1), BusyCheck.OnTimeout.BUSY, Optional.empty())
            .build();
    Decision d =
        ApplyTiming.hold(
            decided(Step.REVERT_DRIFT, ChangeClass.BUGFIX),
            node.timing(),
            new Disruption.NodeWide(),
            Map.of("busy", Answer.BUSY),
            Instant.parse("2026-12-08T10:00:00Z"));
    assertThat(d.step()).isEqualTo(Step.REVERT_WAITS_FOR_WINDOW);
    Decision inWindow =
        ApplyTiming.hold(
            decided(Step.REVERT_DRIFT, ChangeClass.BUGFIX),
            node.timing(),
            new Disruption.NodeWide(),
            Map.of("busy", Answer.BUSY),
            Instant.parse("2026-12-06T02:00:00Z"));
    assertThat(inWindow.step()).isEqualTo(Step.REVERT_DEFERRED);
    assertThat(inWindow.reason()).isEqualTo("deferred: busy");
  }
}
