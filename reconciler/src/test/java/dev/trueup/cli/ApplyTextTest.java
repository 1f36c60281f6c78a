package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.diff.Action;
import dev.trueup.engine.ApplyRun;
import dev.trueup.model.ChangeClass;
import dev.trueup.render.ResourceKind;
import dev.trueup.report.Palette;
import dev.trueup.store.Approval;
import dev.trueup.validate.ValidationReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Apply's text output: a node's own error output and ids from the store never drive the terminal.
 */
class ApplyTextTest {

  @Test
  void reasonsAndIdsFromOutsideAreShownEscaped() {
    NodeApplyResult node =
        new NodeApplyResult(
            "web",
            NodeApplyResult.Outcome.FAILED,
            List.of(
                new ChangeResult(
                    ResourceKind.FILE,
                    "/etc/\u202egnp.sh",
                    Action.CREATE,
                    ChangeResult.Status.FAILED,
                    Optional.of("sh: 1: \u001b[2Jcannot create\r"))),
            Optional.of("apply failed: \u001b]0;owned\u0007"),
            Optional.empty(),
            Duration.ZERO);
    Approval held =
        new Approval(
            "k7m2qx",
            "web:file:/etc/a",
            "web",
            "file /etc/a\u001b[8m",
            "3f2c9a1",
            ChangeClass.BUSINESS,
            Optional.of("production \u009b2J"),
            Approval.Status.PENDING,
            Instant.EPOCH,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    ApplyRun run =
        new ApplyRun(
            7,
            new ValidationReport(Path.of("."), 1, Optional.empty(), List.of()),
            Optional.empty(),
            List.of(node),
            List.of(held),
            List.of(),
            Optional.empty(),
            Optional.of("failure threshold \r reached"));
    String text = ApplyText.render(run, Palette.PLAIN);
    assertThat(text)
        .contains("web: failed — apply failed: \\e]0;owned\\x07\n")
        .contains("  + file /etc/\\u202egnp.sh  failed (sh: 1: \\e[2Jcannot create\\r)\n")
        .contains("k7m2qx  web file /etc/a\\e[8m  [business] production \\u009b2J\n")
        .contains("stopped: failure threshold \\r reached\n")
        .doesNotContain("\u001b")
        .doesNotContain("\r")
        .doesNotContain("\u009b")
        .doesNotContain("\u202e");
  }

  @Test
  void everyKindIsNamedAsThePlanNamesIt() {
    List<ChangeResult> changes = new java.util.ArrayList<>();
    for (ResourceKind kind : ResourceKind.values()) {
      changes.add(
          new ChangeResult(
              kind, "x", Action.UPDATE, ChangeResult.Status.APPLIED, Optional.empty()));
    }
    ApplyRun run =
        new ApplyRun(
            1,
            new ValidationReport(Path.of("."), 1, Optional.empty(), List.of()),
            Optional.empty(),
            List.of(
                new NodeApplyResult(
                    "web",
                    NodeApplyResult.Outcome.APPLIED,
                    changes,
                    Optional.empty(),
                    Optional.empty(),
                    Duration.ZERO)),
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.empty());
    String text = ApplyText.render(run, Palette.PLAIN);
    for (ResourceKind kind : ResourceKind.values()) {
      assertThat(text).contains("  ~ " + kind.label() + " x  applied\n");
    }
    assertThat(text).doesNotContain("alert_rules").doesNotContain("unit_file");
  }
}
