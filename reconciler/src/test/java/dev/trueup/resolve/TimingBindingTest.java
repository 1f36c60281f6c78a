package dev.trueup.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.BusyCheck;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.ChangeTiming;
import dev.trueup.model.MaintenanceWindow;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.TreeCopy;
import dev.trueup.validate.ValidationReport;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance windows, busy checks and maxDefer, bound through the layers: the fleet's defaults, an
 * environment, the node, and a service's own definition.
 */
class TimingBindingTest {
  private static final Clock DEC_2026 =
      Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path repo;

  private ValidationReport load(String nodeYaml, String fleetDefaults, String webYaml)
      throws IOException {
    TreeCopy.copy(ProjectRoot.module().resolve("src/test/resources/corpus/base"), repo);
    Files.writeString(repo.resolve("nodes/alpha.yaml"), nodeYaml, StandardOpenOption.APPEND);
    Files.writeString(repo.resolve("services/web.yaml"), webYaml, StandardOpenOption.APPEND);
    String fleet = Files.readString(repo.resolve("fleet.yaml"));
    Files.writeString(
        repo.resolve("fleet.yaml"), fleet.replace("defaults:\n", "defaults:\n" + fleetDefaults));
    return new Validator(DEC_2026).validate(repo);
  }

  @Test
  void windowsAndChecksMergeByNameAcrossLayersAndServicesBringTheirOwn() throws IOException {
    ValidationReport report =
        load(
            """
            maintenanceWindows:
              weekly: {duration: 4h, timezone: Europe/Berlin}
              nightly: {cron: "0 1 * * *", duration: 30m, classes: [minor, major]}
            deferWhen:
              on-battery:
                command: "grep -q Discharging /sys/class/power_supply/BAT0/status"
                timeout: 2s
                onTimeout: not-busy
            maxDefer: 12h
            """,
            """
              maintenanceWindows:
                weekly: {cron: "0 2 * * 0", duration: 2h}
            """,
            """
            deferWhen:
              serving: {command: "test -e /run/web/busy"}
            """);
    assertThat(report.diagnostics()).isEmpty();
    ChangeTiming alpha = report.state().orElseThrow().nodes().get("alpha").timing();
    assertThat(alpha.windows())
        .extracting(MaintenanceWindow::name)
        .containsExactly("weekly", "nightly");
    MaintenanceWindow weekly = alpha.windows().get(0);
    assertThat(weekly.opens().text()).isEqualTo("0 2 * * 0");
    assertThat(weekly.duration()).isEqualTo(Duration.ofHours(4));
    assertThat(weekly.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(weekly.classes()).containsExactlyInAnyOrder(ChangeClass.values());
    MaintenanceWindow nightly = alpha.windows().get(1);
    assertThat(nightly.zone()).as("the fleet's zone").isEqualTo(ZoneId.of("UTC"));
    assertThat(nightly.classes()).containsExactlyInAnyOrder(ChangeClass.MINOR, ChangeClass.MAJOR);
    assertThat(alpha.deferWhen())
        .extracting(BusyCheck::id, BusyCheck::timeout, BusyCheck::onTimeout)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "on-battery", Duration.ofSeconds(2), BusyCheck.OnTimeout.NOT_BUSY),
            org.assertj.core.groups.Tuple.tuple(
                "web/serving", BusyCheck.DEFAULT_TIMEOUT, BusyCheck.OnTimeout.BUSY));
    assertThat(alpha.deferWhen().get(1).service()).isEqualTo(Optional.of("web"));
    assertThat(alpha.maxDefer()).isEqualTo(Duration.ofHours(12));
    // beta runs no web and says nothing itself: the fleet's window, no checks, the default limit.
    ChangeTiming beta = report.state().orElseThrow().nodes().get("beta").timing();
    assertThat(beta.windows())
        .extracting(MaintenanceWindow::duration)
        .containsExactly(Duration.ofHours(2));
    assertThat(beta.maxDefer()).isEqualTo(ChangeTiming.DEFAULT_MAX_DEFER);
  }

  @Test
  void aWindowThatNeverOpensAgainAndBadChecksAreEachAnError() throws IOException {
    ValidationReport report =
        load(
            """
            maintenanceWindows:
              feb-30: {cron: "0 2 30 2 *", duration: 1h}
              last-year: {cron: "2025-06-01 02:00", dialect: systemd, duration: 1h}
              no-length: {cron: "0 2 * * *"}
              odd-class: {cron: "0 2 * * *", duration: 1h, classes: [urgent]}
            deferWhen:
              slow: {command: "sleep 1", timeout: 5m}
              vague: {command: "true", onTimeout: maybe}
              empty: {timeout: 2s}
            """,
            "",
            "");
    assertThat(report.valid()).isFalse();
    assertThat(report.diagnostics())
        .extracting(d -> d.code() + " " + d.path())
        .contains(
            "window.cron maintenanceWindows.feb-30.cron",
            "window.never-opens maintenanceWindows.last-year.cron",
            "window.incomplete maintenanceWindows.no-length",
            "busy-check.timeout deferWhen.slow.timeout",
            "busy-check.incomplete deferWhen.empty");
    assertThat(report.diagnostics())
        .anySatisfy(d -> assertThat(d.message()).contains("never opens again"))
        .anySatisfy(d -> assertThat(d.message()).contains("at most 30s"));
  }
}
