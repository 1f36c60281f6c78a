package dev.trueup.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.diagnostic.Diagnostic;
import dev.trueup.diagnostic.Severity;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.RealPart;
import dev.trueup.testing.TreeCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-written PromQL checked by a real promtool at validate time, and said so when it cannot be.
 */
class PromQlCheckTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @TempDir Path repo;

  @BeforeEach
  void fleet() throws Exception {
    TreeCopy.copy(ProjectRoot.module().resolve("src/test/resources/corpus/base"), repo);
    Path alpha = repo.resolve("nodes/alpha.yaml");
    String ssl = "  ssl_expiry_days: {medium: 30, critical: 7}\n";
    Files.writeString(
        alpha,
        Files.readString(alpha)
            .replace(
                ssl,
                ssl
                    + """
                      queue_depth:
                        expr: 'sum(rate(jobs_enqueued_total[5m]) - rate(jobs_done_total[5m])'
                        direction: above
                        high: 100
                      gpu_hot:
                        expr: 'max by (gpu) (DCGM_FI_DEV_GPU_TEMP)'
                        direction: above
                        high: 85
                    """));
  }

  @Test
  void anExpressionPromtoolCannotParseIsAnErrorAtItsPlaceAndAGoodOneIsNot() {
    RealPart.PROMETHEUS.require(Files.isExecutable(PROMTOOL));
    ValidationReport report = Validator.withPromtool(Optional.of(PROMTOOL)).validate(repo);
    assertThat(report.valid()).isFalse();
    assertThat(report.diagnostics())
        .filteredOn(d -> d.code().equals("alert.promql"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.location().file()).isEqualTo("nodes/alpha.yaml");
              assertThat(d.message()).startsWith("promtool cannot parse this expression: ");
              assertThat(d.severity()).isEqualTo(Severity.ERROR);
            });
  }

  @Test
  void withoutPromtoolOneWarningSaysTheyWentUnchecked() {
    ValidationReport report = Validator.withPromtool(Optional.empty()).validate(repo);
    assertThat(report.diagnostics())
        .filteredOn(d -> d.code().startsWith("alert.promql"))
        .extracting(Diagnostic::code, Diagnostic::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alert.promql-unchecked", Severity.WARNING));
    assertThat(report.valid()).isTrue();
  }
}
