package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.drift.DriftReport;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Summary;
import dev.trueup.store.DriftRecord;
import dev.trueup.store.Outcome;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.store.StoreLocation;
import dev.trueup.testing.Golden;
import dev.trueup.testing.MovableClock;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.fixtures.DriftPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trueup history} over a store a fixture filled at known times. */
class HistoryCommandTest {
  private static final Path GOLDEN =
      ProjectRoot.module().resolve("src/test/resources/golden/history");
  static final String REV = "3f2c9a1e".repeat(5);

  @TempDir Path dir;
  Path storeDir;

  /**
   * Run 1 applied (web applied, dev-box failed); run 2 a clean drift check; run 3 a drift check
   * that found {@link DriftPlan}'s drift; run 4 an apply still running.
   */
  static void fill(Store store, MovableClock clock) {
    Run apply = store.runs().start("manual", REV);
    clock.advance(Duration.ofSeconds(12));
    store.outcomes().record(apply.id(), "web", "web:file:/etc/app.conf@ab12", Outcome.Result.APPLIED, null);
    store
        .outcomes()
        .record(
            apply.id(),
            "dev-box",
            "dev-box:file:/etc/app.conf@cd34",
            Outcome.Result.FAILED,
            "permission denied");
    store.runs().finish(apply.id(), Run.Status.FAILED, "1 applied, 0 held, 0 notified");

    clock.advance(Duration.ofHours(1));
    Run clean = store.runs().start(Run.Kind.DRIFT, "schedule", REV);
    Plan empty = new Plan(REV, "fp", List.of(), new Summary(0, 0, 0, 0, 0, 5, 0));
    DriftReport none = DriftReport.of(empty, REV, clock.instant(), clean.id());
    store
        .driftReports()
        .record(
            new DriftRecord.New(
                clean.id(), REV, clock.instant(), 5, 0, 0, 0, none.json(), null, List.of()));
    clock.advance(Duration.ofSeconds(3));
    store.runs().finish(clean.id(), Run.Status.SUCCEEDED, "clean: 5 node(s) checked");

    clock.advance(Duration.ofHours(1));
    Run drift = store.runs().start(Run.Kind.DRIFT, "schedule", REV);
    DriftReport found = DriftReport.of(DriftPlan.plan(), REV, clock.instant(), drift.id());
    store
        .driftReports()
        .record(
            new DriftRecord.New(
                drift.id(),
                REV,
                clock.instant(),
                found.nodesChecked(),
                found.nodesDrifted(),
                found.changes(),
                found.unreachable(),
                found.json(),
                "drift-reports/2026-11-20-drift-3f2c9a1-1200.md",
                found.nodeEntries()));
    clock.advance(Duration.ofSeconds(4));
    store.runs().finish(drift.id(), Run.Status.SUCCEEDED, found.headline());

    clock.advance(Duration.ofHours(1));
    store.runs().start("poll", null);
  }

  @BeforeEach
  void store() {
    storeDir = dir.resolve("store");
    MovableClock clock = new MovableClock(Instant.parse("2026-11-20T10:00:00Z"));
    try (Store store = Store.open(StoreLocation.resolve(storeDir.toString(), java.util.Map.of()), clock, "a")) {
      fill(store, clock);
    }
  }

  CliRunner.Run history(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "history";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--store";
    all[args.length + 2] = storeDir.toString();
    return CliRunner.run(all);
  }

  @Test
  void listsNewestFirstAsText() {
    CliRunner.Run r = history();
    assertThat(r.exit()).as(r.err()).isZero();
    Golden.assertMatches(GOLDEN.resolve("history.txt"), r.out());
  }

  @Test
  void listsAsJson() {
    CliRunner.Run r = history("-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    Golden.assertMatches(GOLDEN.resolve("history.json"), r.out());
  }

  @Test
  void filtersByKindNodeSinceAndLimit() {
    assertThat(history("--kind", "drift").out()).contains("drift report 2").doesNotContain("1 applied");
    String web = history("--node", "web").out();
    assertThat(web).contains("drift report 2").contains("1 applied");
    assertThat(web).doesNotContain("clean, 5 node(s)");
    String db = history("--node", "db").out();
    assertThat(db).contains("unreachable db, edge").doesNotContain("1 applied");
    assertThat(history("--node", "nobody").out()).isEqualTo("no runs match (node nobody)\n");
    String since = history("--since", "2026-11-20T11:30:00Z").out();
    assertThat(since).contains("poll").contains("drift report 2").doesNotContain("clean, 5");
    assertThat(history("--limit", "1").out().lines().count()).isEqualTo(2);
  }

  @Test
  void showsOneRunWithItsOutcomes() {
    CliRunner.Run r = history("show", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    Golden.assertMatches(GOLDEN.resolve("show-apply.txt"), r.out());
  }

  @Test
  void showsADriftRunWithItsReport() {
    CliRunner.Run r = history("show", "3");
    assertThat(r.exit()).as(r.err()).isZero();
    Golden.assertMatches(GOLDEN.resolve("show-drift.txt"), r.out());
    CliRunner.Run json = history("show", "3", "-o", "json");
    assertThat(json.out()).contains("\"format\" : \"trueup-drift/1\"").doesNotContain(DriftPlan.SECRET);
    CliRunner.Run report = history("show", "--drift-report", "1");
    assertThat(report.exit()).isZero();
    assertThat(report.out()).startsWith("Drift report 1 (run 2): clean, 5 node(s) checked");
  }

  @Test
  void anUnknownRunIsAnError() {
    CliRunner.Run r = history("show", "99");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("no run 99");
    assertThat(history("show", "--drift-report", "99").err()).contains("no drift report 99");
  }

  @Test
  void anEmptyOrMissingStoreSaysNoRunsYet() {
    CliRunner.Run missing = CliRunner.run("history", "--store", dir.resolve("none").toString());
    assertThat(missing.exit()).isZero();
    assertThat(missing.out()).isEqualTo("no runs recorded yet\n");
    try (Store empty = Store.openEmbedded(dir.resolve("empty"))) {
      assertThat(empty.runs().recent(1)).isEmpty();
    }
    CliRunner.Run r = CliRunner.run("history", "--store", dir.resolve("empty").toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("no runs recorded yet\n");
    assertThat(CliRunner.run("history", "--store", dir.resolve("none").toString(), "-o", "json").out())
        .contains("\"storeEmpty\" : true");
  }

  @Test
  void aBadOptionIsAUsageErrorNamingIt() {
    CliRunner.Run since = history("--since", "yesterday");
    assertThat(since.exit()).isEqualTo(2);
    assertThat(since.err()).contains("--since").contains("yesterday");
    CliRunner.Run kind = history("--kind", "deploy");
    assertThat(kind.exit()).isEqualTo(2);
    assertThat(kind.err()).contains("--kind");
    assertThat(history("--limit", "0").err()).contains("--limit");
  }
}
