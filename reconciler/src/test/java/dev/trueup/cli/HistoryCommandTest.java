package dev.trueup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.store.Outcome;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.store.StoreLocation;
import dev.trueup.testing.Golden;
import dev.trueup.testing.MovableClock;
import dev.trueup.testing.ProjectRoot;
import dev.trueup.testing.fixtures.DriftPlan;
import dev.trueup.testing.fixtures.HistoryFixture;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trueup history} over a store a fixture filled at known times. */
class HistoryCommandTest {
  private static final Path GOLDEN =
      ProjectRoot.module().resolve("src/test/resources/golden/history");

  @TempDir Path dir;
  Path storeDir;

  @BeforeEach
  void store() {
    storeDir = dir.resolve("store");
    MovableClock clock = new MovableClock(Instant.parse("2026-11-20T10:00:00Z"));
    try (Store store =
        Store.open(StoreLocation.resolve(storeDir.toString(), java.util.Map.of()), clock, "a")) {
      HistoryFixture.fill(store, clock);
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
  void valuesFromOutsideAreShownEscaped() {
    // A trigger carries the API's "by"; an outcome's detail a node's own error output.
    Path hostile = dir.resolve("hostile");
    MovableClock clock = new MovableClock(Instant.parse("2026-11-20T10:00:00Z"));
    try (Store store =
        Store.open(StoreLocation.resolve(hostile.toString(), java.util.Map.of()), clock, "a")) {
      Run run = store.runs().start("sync by \u001b]0;owned\u0007\u001b[2Jmallory", "tree:abc");
      store
          .outcomes()
          .record(
              run.id(),
              "web",
              "web:file:/etc/\u202egnp.sh@ab12",
              Outcome.Result.FAILED,
              "permission denied\r\u001b[32mapplied");
      store.runs().finish(run.id(), Run.Status.FAILED, "0 applied\u009b2J");
    }
    CliRunner.Run list = CliRunner.run("history", "--store", hostile.toString());
    CliRunner.Run show = CliRunner.run("history", "show", "1", "--store", hostile.toString());
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(show.exit()).as(show.err()).isZero();
    Golden.assertMatches(GOLDEN.resolve("hostile-list.txt"), list.out());
    Golden.assertMatches(GOLDEN.resolve("hostile-show.txt"), show.out());
    for (String out : new String[] {list.out(), show.out()}) {
      assertThat(out)
          .doesNotContain("\u001b")
          .doesNotContain("\r")
          .doesNotContain("\u009b")
          .doesNotContain("\u202e");
    }
  }

  @Test
  void nodesShowLastSeenLastConvergedAndWhoIsAwayAsTextAndJson() {
    Path nodes = dir.resolve("nodes");
    MovableClock clock = new MovableClock(Instant.parse("2026-11-20T10:00:00Z"));
    try (Store store =
        Store.open(StoreLocation.resolve(nodes.toString(), java.util.Map.of()), clock, "a")) {
      store.nodeContacts().seen("vps");
      store.nodeContacts().seen("macbook");
      store.appliedRevisions().set("vps", "a".repeat(40), null);
      store.appliedRevisions().set("macbook", "a".repeat(40), null);
      clock.advance(java.time.Duration.ofHours(3));
      store.nodeContacts().seen("vps");
      store.nodeContacts().missed("macbook", "connect to 127.0.0.1:22 timed out");
      store.appliedRevisions().set("vps", "b".repeat(40), null);
      // Applied once by a run before contacts were recorded: converged, never seen since.
      store.appliedRevisions().set("gpu-1", "a".repeat(40), null);
    }
    CliRunner.Run text = CliRunner.run("history", "nodes", "--store", nodes.toString());
    CliRunner.Run json =
        CliRunner.run("history", "nodes", "-o", "json", "--store", nodes.toString());
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(json.exit()).as(json.err()).isZero();
    Golden.assertMatches(GOLDEN.resolve("nodes.txt"), text.out());
    Golden.assertMatches(GOLDEN.resolve("nodes.json"), json.out());
    CliRunner.Run none =
        CliRunner.run("history", "nodes", "--store", dir.resolve("none").toString());
    assertThat(none.out()).isEqualTo("no node reached or applied yet\n");
  }

  @Test
  void listsAsJson() {
    CliRunner.Run r = history("-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    Golden.assertMatches(GOLDEN.resolve("history.json"), r.out());
  }

  @Test
  void filtersByKindNodeSinceAndLimit() {
    assertThat(history("--kind", "drift").out())
        .contains("drift report 2")
        .doesNotContain("1 applied");
    String web = history("--node", "web").out();
    assertThat(web).contains("drift report 2").contains("1 applied");
    assertThat(web).doesNotContain("clean, 5 node(s)");
    String db = history("--node", "db").out();
    assertThat(db).contains("unreachable db, edge").doesNotContain("1 applied");
    assertThat(history("--node", "nobody").out()).isEqualTo("no runs match (node nobody)\n");
    String since = history("--since", "2026-11-20T11:30:00Z").out();
    assertThat(since).contains("poll").contains("drift report 2").doesNotContain("clean, 5");
    assertThat(history("--limit", "1").out().lines().count()).isEqualTo(2);
    assertThat(history("--revision", "3f2c9a1").out())
        .contains("drift report 2")
        .contains("1 applied");
    assertThat(history("--revision", "3f2c9a1e".repeat(5)).out()).contains("1 applied");
    assertThat(history("--revision", "abc").out()).isEqualTo("no runs match (revision abc)\n");
    assertThat(history("--revision", "%").out())
        .as("the revision is a prefix, not a pattern")
        .isEqualTo("no runs match (revision %)\n");
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
    assertThat(json.out())
        .contains("\"format\" : \"trueup-drift/1\"")
        .doesNotContain(DriftPlan.SECRET);
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
    assertThat(
            CliRunner.run("history", "--store", dir.resolve("none").toString(), "-o", "json").out())
        .contains("\"storeEmpty\" : true");
  }

  @Test
  void showTakesTheStoreGivenBeforeItToo() {
    CliRunner.Run after = CliRunner.run("history", "show", "1", "--store", storeDir.toString());
    CliRunner.Run before = CliRunner.run("history", "--store", storeDir.toString(), "show", "1");
    assertThat(after.exit()).as(after.err()).isZero();
    assertThat(before.exit()).as(before.err()).isZero();
    assertThat(before.out()).isEqualTo(after.out());
  }

  @Test
  void aBadOptionIsAUsageErrorNamingIt() {
    CliRunner.Run since = history("--since", "yesterday");
    assertThat(since.exit()).isEqualTo(1);
    assertThat(since.err()).contains("--since").contains("yesterday");
    CliRunner.Run kind = history("--kind", "deploy");
    assertThat(kind.exit()).isEqualTo(1);
    assertThat(kind.err()).contains("--kind");
    assertThat(history("--limit", "0").err()).contains("--limit");
  }
}
