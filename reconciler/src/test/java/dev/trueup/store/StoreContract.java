package dev.trueup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.ChangeClass;
import dev.trueup.plan.Plan;
import dev.trueup.testing.MovableClock;
import dev.trueup.testing.fixtures.FixturePlan;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every back end of the store must do. Subclasses give a fresh, empty store location per test
 * (an H2 directory; a PostgreSQL schema of its own).
 */
abstract class StoreContract {
  final MovableClock clock =
      new MovableClock(java.time.Instant.parse("2026-11-20T10:00:00.123456Z"));
  String url;
  Store store;

  abstract String freshUrl() throws Exception;

  abstract void dropFresh(String url) throws Exception;

  @BeforeEach
  void open() throws Exception {
    url = freshUrl();
    store = Store.open(url, clock, "a");
  }

  @AfterEach
  void close() throws Exception {
    if (store != null) {
      store.close();
    }
    dropFresh(url);
  }

  /** A second replica on the same database. */
  Store another(String replica) {
    return Store.open(url, clock, replica);
  }

  @Test
  void migrationsAreIdempotent() throws Exception {
    Run run = store.runs().start("manual", "abc123");
    store.close();
    store = Store.open(url, clock, "a");
    store.close();
    store = Store.open(url, clock, "a");
    assertThat(store.runs().find(run.id())).contains(run);
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(
              Db.query(
                  c,
                  "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND"
                      + " \"version\" IS NOT NULL",
                  rs -> rs.getString(1)))
          .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
    }
  }

  @Test
  void aSchemaNewerThanThisVersionIsRefused() throws Exception {
    store.close();
    store = null;
    try (Connection c = DriverManager.getConnection(url)) {
      Db.update(
          c,
          "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\","
              + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\","
              + " \"execution_time\", \"success\")"
              + " VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'test', 0,"
              + " TRUE)");
    }
    assertThatThrownBy(() -> Store.open(url, clock, "a"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("migration failed")
        .hasMessageContaining("99");
  }

  @Test
  void runsStartBeatAndFinish() {
    Run run = store.runs().start("webhook:github", "abc123");
    assertThat(run.status()).isEqualTo(Run.Status.RUNNING);
    assertThat(run.owner()).isEqualTo(store.owner().toString()).endsWith(":a");
    assertThat(run.desiredRevision()).contains("abc123");
    assertThat(run.startedAt()).isEqualTo(clock.instant());
    clock.advance(Duration.ofSeconds(10));
    assertThat(store.runs().heartbeat(run.id())).isTrue();
    assertThat(store.runs().find(run.id()).orElseThrow().heartbeatAt()).isEqualTo(clock.instant());
    assertThat(store.runs().finish(run.id(), Run.Status.SUCCEEDED, "3 applied")).isTrue();
    assertThat(store.runs().finish(run.id(), Run.Status.FAILED, "again")).isFalse();
    assertThat(store.runs().heartbeat(run.id())).isFalse();
    Run done = store.runs().find(run.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(Run.Status.SUCCEEDED);
    assertThat(done.summary()).contains("3 applied");
    assertThat(done.finishedAt()).contains(clock.instant());
    Run later = store.runs().start("poll", null);
    assertThat(later.desiredRevision()).isEmpty();
    store.runs().setDesiredRevision(later.id(), "def456");
    assertThat(store.runs().recent(10)).extracting(Run::id).containsExactly(later.id(), run.id());
    assertThat(store.runs().withStatus(Run.Status.RUNNING))
        .singleElement()
        .satisfies(r -> assertThat(r.desiredRevision()).contains("def456"));
    assertThat(store.runs().find(9999)).isEmpty();
  }

  @Test
  void driftReportsAreRecordedWithTheNodesTheyNameAndRunsHaveKinds() {
    Run apply = store.runs().start("manual", "abc123");
    store.outcomes().record(apply.id(), "web", "web:file:/etc/a@x", Outcome.Result.APPLIED, null);
    clock.advance(Duration.ofMinutes(5));
    Run clean = store.runs().start(Run.Kind.DRIFT, "schedule", "abc123");
    DriftRecord none =
        store
            .driftReports()
            .record(
                new DriftRecord.New(
                    clean.id(), "abc123", clock.instant(), 3, 0, 0, 0, "{}", null, List.of()));
    clock.advance(Duration.ofMinutes(15));
    Run drift = store.runs().start(Run.Kind.DRIFT, "schedule", "abc123");
    DriftRecord found =
        store
            .driftReports()
            .record(
                new DriftRecord.New(
                    drift.id(),
                    "abc123",
                    clock.instant(),
                    3,
                    1,
                    2,
                    1,
                    "{\"format\":\"trueup-drift/1\"}",
                    "drift-reports/x.md",
                    List.of(
                        new DriftRecord.NodeEntry("web", DriftRecord.Status.DRIFTED, 2),
                        new DriftRecord.NodeEntry("db", DriftRecord.Status.UNREACHABLE, 0))));

    assertThat(apply.kind()).isEqualTo(Run.Kind.APPLY);
    assertThat(store.runs().find(drift.id()).orElseThrow().kind()).isEqualTo(Run.Kind.DRIFT);
    assertThat(none.clean()).isTrue();
    assertThat(none.nodes()).isEmpty();
    assertThat(none.reportFile()).isEmpty();
    assertThat(found.clean()).isFalse();
    assertThat(found.detectedAt()).isEqualTo(clock.instant());
    assertThat(found.runId()).contains(drift.id());
    assertThat(found.reportFile()).contains("drift-reports/x.md");
    assertThat(found.nodes())
        .containsExactly(
            new DriftRecord.NodeEntry("db", DriftRecord.Status.UNREACHABLE, 0),
            new DriftRecord.NodeEntry("web", DriftRecord.Status.DRIFTED, 2));
    assertThat(store.driftReports().find(found.id())).contains(found);
    assertThat(store.driftReports().forRun(drift.id())).contains(found);
    assertThat(store.driftReports().forRun(apply.id())).isEmpty();
    assertThat(store.driftReports().find(999)).isEmpty();
    assertThat(store.driftReports().recent(Optional.empty(), Optional.empty(), 10))
        .containsExactly(found, none);
    assertThat(store.driftReports().recent(Optional.of("db"), Optional.empty(), 10))
        .containsExactly(found);
    assertThat(
            store
                .driftReports()
                .recent(Optional.empty(), Optional.of(clock.instant().minusSeconds(60)), 10))
        .containsExactly(found);

    // History: newest first, by kind, by node (outcomes, journal, drift reports), since, limit.
    assertThat(store.runs().history(Optional.empty(), Optional.empty(), Optional.empty(), 10))
        .extracting(Run::id)
        .containsExactly(drift.id(), clean.id(), apply.id());
    assertThat(
            store
                .runs()
                .history(Optional.of(Run.Kind.DRIFT), Optional.empty(), Optional.empty(), 1))
        .extracting(Run::id)
        .containsExactly(drift.id());
    assertThat(store.runs().history(Optional.empty(), Optional.of("web"), Optional.empty(), 10))
        .extracting(Run::id)
        .containsExactly(drift.id(), apply.id());
    assertThat(store.runs().history(Optional.empty(), Optional.of("db"), Optional.empty(), 10))
        .extracting(Run::id)
        .containsExactly(drift.id());
    assertThat(
            store
                .runs()
                .history(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(clock.instant().minus(Duration.ofMinutes(16))),
                    10))
        .extracting(Run::id)
        .containsExactly(drift.id(), clean.id());
  }

  @Test
  void plansAreStoredAsTheirJson() throws Exception {
    Plan plan = FixturePlan.plan();
    Run run = store.runs().start("manual", plan.desiredRevision());
    StoredPlan saved = store.plans().save(run.id(), plan);
    assertThat(saved.plan()).isEqualTo(plan);
    assertThat(saved.runId()).contains(run.id());
    assertThat(store.plans().load(saved.id())).contains(saved);
    StoredPlan byHand = store.plans().save(null, plan);
    assertThat(byHand.runId()).isEmpty();
    assertThat(store.plans().forRun(run.id())).containsExactly(saved);
    assertThat(store.plans().latestFor(plan.desiredRevision())).contains(byHand);
    assertThat(store.plans().load(12345)).isEmpty();
    // The fixture's secret-bearing file changed; its value is nowhere in the row.
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(Db.query(c, "SELECT json FROM plans", rs -> rs.getString(1)))
          .hasSize(2)
          .allSatisfy(json -> assertThat(json).contains("secret-bearing").doesNotContain("s3cr3t"));
    }
  }

  @Test
  void healthSamplesTallyPerEnvironmentAndArePruned() {
    Instant t0 = clock.instant();
    assertThat(store.healthSamples().latest()).isEmpty();
    store
        .healthSamples()
        .record(
            List.of(
                new HealthSamples.Sample("web", "production", "app", true, Optional.empty(), t0),
                new HealthSamples.Sample(
                    "web", "production", "db", false, Optional.of("exit status 1"), t0),
                new HealthSamples.Sample("dev", "development", "app", true, Optional.empty(), t0)));
    Instant t1 = t0.plus(Duration.ofMinutes(1));
    store
        .healthSamples()
        .record(
            List.of(
                new HealthSamples.Sample("web", "production", "app", true, Optional.empty(), t1)));
    assertThat(store.healthSamples().latest()).contains(t1);
    var tally = store.healthSamples().byEnvironment(t0, t1.plusSeconds(1));
    assertThat(tally.get("production")).isEqualTo(new HealthSamples.Tally(2, 3));
    assertThat(tally.get("production").percent())
        .hasValueSatisfying(p -> assertThat(p).isBetween(66.6, 66.7));
    assertThat(tally.get("development")).isEqualTo(new HealthSamples.Tally(1, 1));
    assertThat(store.healthSamples().byEnvironment(t1, t1.plusSeconds(1)).get("production"))
        .isEqualTo(new HealthSamples.Tally(1, 1));
    assertThat(store.healthSamples().recent("web", 2))
        .extracting(HealthSamples.Sample::at, HealthSamples.Sample::service)
        .first()
        .isEqualTo(org.assertj.core.groups.Tuple.tuple(t1, "app"));
    assertThat(store.healthSamples().recent("web", 10))
        .filteredOn(x -> x.service().equals("db"))
        .singleElement()
        .satisfies(x -> assertThat(x.reason()).contains("exit status 1"));
    assertThat(store.healthSamples().prune(t1)).isEqualTo(3);
    assertThat(store.healthSamples().recent("web", 10)).hasSize(1);
  }

  @Test
  void decisionsAreRecordedPerPlan() {
    StoredPlan plan = store.plans().save(null, FixturePlan.plan());
    List<Decision> decisions =
        List.of(
            new Decision(
                "aurora/unit/chat.service",
                "aurora",
                "unit",
                "chat.service",
                ChangeClass.BUGFIX,
                Optional.of("image semver patch"),
                "apply",
                Optional.empty(),
                "image 1.2.3 → 1.2.4"),
            new Decision(
                "aurora/file//etc/aurora/app.env",
                "aurora",
                "file",
                "/etc/aurora/app.env",
                ChangeClass.MAJOR,
                Optional.empty(),
                "hold",
                Optional.of("approval"),
                "feat!: new config"));
    store.decisions().record(plan.id(), decisions);
    assertThat(store.decisions().forPlan(plan.id())).isEqualTo(decisions);

    // A later plan deciding the same change again is the one an approval shows it from.
    StoredPlan later = store.plans().save(null, FixturePlan.plan());
    store.decisions().record(later.id(), decisions.subList(1, 2));
    assertThat(store.decisions().latestPlanFor("aurora/file//etc/aurora/app.env"))
        .contains(later.id());
    assertThat(store.decisions().latestPlanFor("aurora/unit/chat.service")).contains(plan.id());
    assertThat(store.decisions().latestPlanFor("ghost/file//x")).isEmpty();
  }

  @Test
  void outcomesAndAppliedRevisions() {
    Run run = store.runs().start("manual", "r1");
    store.outcomes().record(run.id(), "aurora", "aurora/unit/a", Outcome.Result.APPLIED, null);
    clock.advance(Duration.ofSeconds(1));
    store
        .outcomes()
        .record(run.id(), "aurora", "aurora/unit/b", Outcome.Result.ROLLED_BACK, "unhealthy");
    assertThat(store.outcomes().forRun(run.id()))
        .extracting(Outcome::changeKey, Outcome::result, Outcome::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "aurora/unit/a", Outcome.Result.APPLIED, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(
                "aurora/unit/b", Outcome.Result.ROLLED_BACK, Optional.of("unhealthy")));
    assertThat(store.outcomes().forNode("aurora", 1))
        .singleElement()
        .extracting(Outcome::changeKey)
        .isEqualTo("aurora/unit/b");

    assertThat(store.appliedRevisions().get("aurora")).isEmpty();
    store.appliedRevisions().set("aurora", "r1", run.id());
    clock.advance(Duration.ofMinutes(1));
    AppliedRevision r2 = store.appliedRevisions().set("aurora", "r2", null);
    store.appliedRevisions().set("borealis", "r1", run.id());
    assertThat(store.appliedRevisions().get("aurora")).contains(r2);
    assertThat(store.appliedRevisions().all())
        .extracting(AppliedRevision::node, AppliedRevision::desiredRevision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("aurora", "r2"),
            org.assertj.core.groups.Tuple.tuple("borealis", "r1"));
  }

  @Test
  void convergedResourcesAreReplacedPerResourceAndRemovedWhenDeleted() {
    Run run = store.runs().start("manual", "r1");
    assertThat(store.convergedResources().forNode("aurora")).isEmpty();
    store
        .convergedResources()
        .record(
            run.id(),
            "aurora",
            Map.of("file:/etc/app/app.conf", "aaaa11112222", "unit:app.service", "bbbb33334444"),
            Set.of());
    store
        .convergedResources()
        .record(
            run.id(),
            "borealis",
            Map.of("file:/etc/app/app.conf", "cccc", "directory:/x:y", "d"),
            Set.of());
    Run later = store.runs().start("manual", "r2");
    store
        .convergedResources()
        .record(
            later.id(),
            "aurora",
            Map.of("file:/etc/app/app.conf", "eeee55556666"),
            Set.of("unit:app.service"));
    assertThat(store.convergedResources().forNode("aurora"))
        .containsExactly(Map.entry("file:/etc/app/app.conf", "eeee55556666"));
    assertThat(store.convergedResources().forNode("borealis"))
        .as("another node's rows, and an id holding ':' itself")
        .containsOnly(
            Map.entry("file:/etc/app/app.conf", "cccc"), Map.entry("directory:/x:y", "d"));
  }

  @Test
  void aNodeMissedAfterItWasLastSeenIsAwayUntilARunReachesItAgain() {
    assertThat(store.nodeContacts().get("laptop")).isEmpty();
    store.nodeContacts().seen("laptop");
    store.nodeContacts().seen("vps");
    assertThat(store.nodeContacts().away()).isEmpty();
    clock.advance(Duration.ofMinutes(5));
    store.nodeContacts().missed("laptop", "connection refused");
    assertThat(store.nodeContacts().get("laptop").orElseThrow().away()).isTrue();
    assertThat(store.nodeContacts().away())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.node()).isEqualTo("laptop");
              assertThat(c.missedReason()).contains("connection refused");
              assertThat(c.lastSeen()).isPresent();
              assertThat(c.lastMissed().get()).isAfter(c.lastSeen().get());
            });
    clock.advance(Duration.ofMinutes(5));
    store.nodeContacts().seen("laptop");
    assertThat(store.nodeContacts().get("laptop").orElseThrow().away()).isFalse();
    // The last miss stays on record beside the newer sighting.
    assertThat(store.nodeContacts().get("laptop").orElseThrow().missedReason())
        .contains("connection refused");
    assertThat(store.nodeContacts().away()).isEmpty();
    // Never seen at all, only missed: away.
    store.nodeContacts().missed("gpu-2", "timed out");
    assertThat(store.nodeContacts().away()).extracting(NodeContact::node).containsExactly("gpu-2");
    store.nodeContacts().forget("gpu-2");
    assertThat(store.nodeContacts().all())
        .extracting(NodeContact::node)
        .containsExactly("laptop", "vps");
  }

  @Test
  void aDeferralKeepsTheTimeItBeganUntilNothingIsDeferredAndAWindowIsDueOnceItsTimeHasCome() {
    store.nodeContacts().seen("gpu");
    Instant began = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    store.nodeContacts().deferred("gpu", "deferred: gpu-busy");
    clock.advance(Duration.ofHours(2));
    store.nodeContacts().deferred("gpu", "deferred: gpu-busy, on-battery");
    NodeContact gpu = store.nodeContacts().get("gpu").orElseThrow();
    assertThat(gpu.deferredSince()).contains(began);
    assertThat(gpu.deferredBy()).contains("deferred: gpu-busy, on-battery");
    assertThat(gpu.deferralTold()).isEmpty();
    store.nodeContacts().deferralTold("gpu");
    assertThat(store.nodeContacts().deferred())
        .extracting(NodeContact::node)
        .containsExactly("gpu");
    store.nodeContacts().notDeferred("gpu");
    gpu = store.nodeContacts().get("gpu").orElseThrow();
    assertThat(gpu.deferredSince()).isEmpty();
    assertThat(gpu.deferredBy()).isEmpty();
    assertThat(gpu.deferralTold()).isEmpty();
    assertThat(store.nodeContacts().deferred()).isEmpty();

    // A node never seen before may wait for a window too: the row is made for it.
    Instant opens =
        clock.instant().plus(Duration.ofHours(6)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    store.nodeContacts().waitsForWindow("vps", java.util.Optional.of(opens));
    assertThat(store.nodeContacts().get("vps").orElseThrow().windowOpensAt()).contains(opens);
    assertThat(store.nodeContacts().windowDue()).isEmpty();
    clock.advance(Duration.ofHours(6));
    assertThat(store.nodeContacts().windowDue())
        .extracting(NodeContact::node)
        .containsExactly("vps");
    store.nodeContacts().waitsForWindow("vps", java.util.Optional.empty());
    assertThat(store.nodeContacts().windowDue()).isEmpty();
  }

  @Test
  void snoozesAreInForceUntilTheirDateAndKeptAfter() {
    store
        .snoozes()
        .add(
            "aurora",
            Optional.of("file:/etc/motd"),
            clock.instant().plus(Duration.ofHours(2)),
            "hot fix",
            "ana");
    store
        .snoozes()
        .add(
            "borealis",
            Optional.empty(),
            clock.instant().plus(Duration.ofHours(1)),
            "training run",
            "bo");
    assertThat(store.snoozes().active())
        .extracting(Snooze::node, Snooze::resource, Snooze::by)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("borealis", Optional.empty(), "bo"),
            org.assertj.core.groups.Tuple.tuple("aurora", Optional.of("file:/etc/motd"), "ana"));
    assertThat(store.snoozes().active().get(1).covers("file", "/etc/motd")).isTrue();
    assertThat(store.snoozes().active().get(1).covers("file", "/etc/other")).isFalse();
    assertThat(store.snoozes().active().get(0).covers("unit", "x.service")).isTrue();
    clock.advance(Duration.ofMinutes(90));
    assertThat(store.snoozes().active()).extracting(Snooze::node).containsExactly("aurora");
    clock.advance(Duration.ofHours(1));
    assertThat(store.snoozes().active()).isEmpty();
    assertThat(store.snoozes().all())
        .as("kept as the record of who snoozed what and why")
        .extracting(Snooze::reason)
        .containsExactly("training run", "hot fix");
  }

  @Test
  void journalCompletesAndFails() {
    Run run = store.runs().start("manual", "r1");
    long a = store.journal().begin(run.id(), "aurora", "aurora/file//etc/x", "write-file");
    long b = store.journal().begin(run.id(), "aurora", "aurora/unit/y", "restart-unit");
    assertThat(store.journal().complete(a, "checksum ok")).isTrue();
    assertThat(store.journal().complete(a, "twice")).isFalse();
    assertThat(store.journal().fail(b, "exit 1")).isTrue();
    assertThat(store.journal().forRun(run.id()))
        .extracting(JournalEntry::state)
        .containsExactly(JournalEntry.State.COMPLETED, JournalEntry.State.FAILED);
    JournalEntry done = store.journal().find(a).orElseThrow();
    assertThat(done.completedAt()).contains(clock.instant());
    assertThat(done.detail()).contains("checksum ok");
    assertThat(store.journal().unfinished(run.id())).isEmpty();
  }

  @Test
  void aKilledRunIsMarkedInterruptedAndItsUnfinishedActionsAreRecoveredOnce() {
    Run dead = store.runs().start("poll", "r1");
    long done = store.journal().begin(dead.id(), "aurora", "aurora/file//etc/a", "write-file");
    long inFlight = store.journal().begin(dead.id(), "aurora", "aurora/unit/b", "restart-unit");
    store.journal().complete(done, null);
    // While its owner still heart-beats, nothing is interrupted and nothing is to recover.
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.runs().markInterrupted(Duration.ofSeconds(30))).isEmpty();
    assertThat(store.journal().unfinishedForNode("aurora")).isEmpty();
    assertThat(store.journal().unfinished(dead.id()))
        .extracting(JournalEntry::id)
        .containsExactly(inFlight);

    // The owner is killed: no more heartbeats. Two replicas look at once.
    clock.advance(Duration.ofMinutes(5));
    try (Store other = another("b")) {
      List<Run> first = store.runs().markInterrupted(Duration.ofSeconds(30));
      List<Run> second = other.runs().markInterrupted(Duration.ofSeconds(30));
      assertThat(first).singleElement().extracting(Run::id).isEqualTo(dead.id());
      assertThat(first.getFirst().status()).isEqualTo(Run.Status.INTERRUPTED);
      assertThat(second).isEmpty();
      // The dead owner, should it wake up, learns it must stop.
      assertThat(store.runs().heartbeat(dead.id())).isFalse();
      assertThat(store.runs().finish(dead.id(), Run.Status.SUCCEEDED, "late")).isFalse();

      assertThat(store.journal().nodesToRecover()).containsExactly("aurora");
      List<JournalEntry> left = other.journal().unfinishedForNode("aurora");
      assertThat(left).extracting(JournalEntry::id).containsExactly(inFlight);
      assertThat(left.getFirst().action()).isEqualTo("restart-unit");

      Run next = other.runs().start("poll", "r1");
      Run rival = store.runs().start("poll", "r1");
      assertThat(other.journal().recover(inFlight, next.id())).isTrue();
      assertThat(store.journal().recover(inFlight, rival.id())).isFalse();
      JournalEntry taken = store.journal().find(inFlight).orElseThrow();
      assertThat(taken.state()).isEqualTo(JournalEntry.State.INTERRUPTED);
      assertThat(taken.recoveredBy()).contains(next.id());
      assertThat(store.journal().unfinishedForNode("aurora")).isEmpty();
      assertThat(store.journal().unfinished(dead.id())).isEmpty();
      assertThat(store.journal().nodesToRecover()).isEmpty();
      assertThat(store.journal().find(done).orElseThrow().state())
          .isEqualTo(JournalEntry.State.COMPLETED);
    }
  }

  @Test
  void approvalsLifecycle() {
    Approval.Request ask =
        new Approval.Request(
            "aurora/unit/chat.service",
            "aurora",
            "chat.service",
            "r1",
            ChangeClass.MAJOR,
            "image 1.x → 2.0");
    Approval a = store.approvals().request(ask);
    assertThat(a.id()).matches("[" + Approvals.ALPHABET + "]{6}");
    assertThat(a.status()).isEqualTo(Approval.Status.PENDING);
    assertThat(store.approvals().request(ask)).isEqualTo(a);
    Approval other =
        store
            .approvals()
            .request(
                new Approval.Request(
                    "aurora/file//etc/x", "aurora", "/etc/x", "r1", ChangeClass.ARCHITECTURE, "x"));
    Approval elsewhere =
        store
            .approvals()
            .request(
                new Approval.Request(
                    "borealis/unit/u", "borealis", "u", "r1", ChangeClass.MAJOR, "y"));
    assertThat(store.approvals().pending())
        .extracting(Approval::id)
        .containsExactlyInAnyOrder(a.id(), other.id(), elsewhere.id());

    clock.advance(Duration.ofMinutes(3));
    Approval approved =
        store.approvals().approve(" " + a.id().toUpperCase(Locale.ROOT) + " ", "alice", "ok");
    assertThat(approved.status()).isEqualTo(Approval.Status.APPROVED);
    assertThat(approved.decidedBy()).contains("alice");
    assertThat(approved.decidedAt()).contains(clock.instant());
    assertThat(approved.note()).contains("ok");
    assertThatThrownBy(() -> store.approvals().reject(a.id(), "bob", "no"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already approved (by alice)");
    assertThatThrownBy(() -> store.approvals().approve("zzzzzz", "bob", null))
        .isInstanceOf(NoSuchElementException.class);
    assertThat(store.approvals().request(ask).status()).isEqualTo(Approval.Status.APPROVED);
    assertThat(
            store
                .approvals()
                .request(
                    new Approval.Request(
                        "aurora/unit/chat.service",
                        "aurora",
                        "chat.service",
                        "r1",
                        ChangeClass.MAJOR,
                        "something else"))
                .reason())
        .as("a decided approval keeps the reason it was decided on")
        .contains("image 1.x → 2.0");
    // Staging verified the held change: the pending approval now says why it still waits.
    Approval moved =
        store
            .approvals()
            .request(
                new Approval.Request(
                    "borealis/unit/u",
                    "borealis",
                    "u",
                    "r1",
                    ChangeClass.MAJOR,
                    "verified on staging, needs approval for production"));
    assertThat(moved.id()).isEqualTo(elsewhere.id());
    assertThat(moved.reason()).contains("verified on staging, needs approval for production");
    assertThat(store.approvals().pending("aurora"))
        .extracting(Approval::id)
        .containsExactly(other.id());

    // The desired state of aurora moves on: what was held there is no longer what would apply.
    List<Approval> expired = store.approvals().expireStale("aurora", "r2");
    assertThat(expired).extracting(Approval::id).containsExactly(other.id());
    assertThat(expired.getFirst().status()).isEqualTo(Approval.Status.EXPIRED);
    assertThat(expired.getFirst().note()).contains("desired revision moved to r2");
    assertThat(store.approvals().find(a.id()).orElseThrow().status())
        .isEqualTo(Approval.Status.APPROVED);
    assertThat(store.approvals().pending())
        .extracting(Approval::id)
        .containsExactly(elsewhere.id());
    assertThat(store.approvals().expireStale("aurora", "r2")).isEmpty();
    assertThatThrownBy(() -> store.approvals().approve(other.id(), "alice", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expired");
    Approval again =
        store
            .approvals()
            .request(
                new Approval.Request(
                    "aurora/file//etc/x", "aurora", "/etc/x", "r2", ChangeClass.ARCHITECTURE, "x"));
    assertThat(again.id()).isNotEqualTo(other.id());
    assertThat(again.status()).isEqualTo(Approval.Status.PENDING);
    Approval rejected = store.approvals().reject(again.id(), "bob", "not now");
    assertThat(rejected.status()).isEqualTo(Approval.Status.REJECTED);
  }

  @Test
  void outboxDeduplicatesClaimsAndBacksOff() {
    assertThat(store.outbox().enqueue(AlertLevel.CRITICAL, "ops", "disk:aurora:95", "s", "b"))
        .isTrue();
    assertThat(store.outbox().enqueue(AlertLevel.CRITICAL, "ops", "disk:aurora:95", "s", "b"))
        .isFalse();
    store.outbox().enqueue(AlertLevel.MEDIUM, "digest", "digest:2026-11-20", "digest", "…");
    List<OutboxMessage> claimed = store.outbox().claimDue(10);
    assertThat(claimed).hasSize(2).allMatch(m -> m.status() == OutboxMessage.Status.SENDING);
    assertThat(store.outbox().claimDue(10)).isEmpty();
    OutboxMessage crit = claimed.getFirst();
    assertThat(crit.level()).isEqualTo(AlertLevel.CRITICAL);
    store.outbox().markSent(claimed.get(1).id());
    assertThat(store.outbox().find(claimed.get(1).id()).orElseThrow().sentAt())
        .contains(clock.instant());

    OutboxMessage failed = store.outbox().markFailed(crit.id(), "HTTP 503");
    assertThat(failed.status()).isEqualTo(OutboxMessage.Status.PENDING);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(failed.lastError()).contains("HTTP 503");
    assertThat(store.outbox().claimDue(10)).isEmpty();
    clock.advance(Duration.ofSeconds(30));
    assertThat(store.outbox().claimDue(10))
        .extracting(OutboxMessage::id)
        .containsExactly(crit.id());
    // A sender that dies holding a claim: the message is due again after the lease.
    clock.advance(Outbox.CLAIM_LEASE);
    assertThat(store.outbox().claimDue(10))
        .extracting(OutboxMessage::id)
        .containsExactly(crit.id());
    OutboxMessage last = failed;
    for (int i = 2; i <= Outbox.MAX_ATTEMPTS; i++) {
      last = store.outbox().markFailed(crit.id(), "HTTP 503");
    }
    assertThat(last.status()).isEqualTo(OutboxMessage.Status.DEAD);
    clock.advance(Duration.ofDays(1));
    assertThat(store.outbox().claimDue(10)).isEmpty();
    assertThat(Outbox.backoff(2)).isEqualTo(Duration.ofMinutes(1));
    assertThat(Outbox.backoff(30)).isEqualTo(Duration.ofHours(1));
    assertThat(store.outbox().findByDedupKey("digest:2026-11-20").orElseThrow().status())
        .isEqualTo(OutboxMessage.Status.SENT);
  }

  @Test
  void jobQueueClaimsDueJobsOnce() {
    Instant now = clock.instant();
    long due = store.jobQueue().enqueue("run", "{\"revision\":\"r1\"}", null);
    long later = store.jobQueue().enqueue("run", "{\"revision\":\"r2\"}", now.plusSeconds(60));
    List<Job> claimed = store.jobQueue().claim(10);
    assertThat(claimed).extracting(Job::id).containsExactly(due);
    Job job = claimed.getFirst();
    assertThat(job.status()).isEqualTo(Job.Status.CLAIMED);
    assertThat(job.claimedBy()).contains(store.owner().toString());
    assertThat(job.attempts()).isEqualTo(1);
    assertThat(job.payload()).isEqualTo("{\"revision\":\"r1\"}");
    assertThat(store.jobQueue().claim(10)).isEmpty();
    store.jobQueue().complete(due, "ok");
    assertThat(store.jobQueue().find(due).orElseThrow().status()).isEqualTo(Job.Status.DONE);

    clock.advance(Duration.ofSeconds(60));
    try (Store other = another("b")) {
      Job b = other.jobQueue().claim(10).getFirst();
      assertThat(b.id()).isEqualTo(later);
      assertThat(b.claimedBy()).contains(other.owner().toString());
    }
    // Its claimer died: after the lease the job is queued again.
    assertThat(store.jobQueue().requeueStale(Duration.ofMinutes(10))).isZero();
    clock.advance(Duration.ofMinutes(11));
    assertThat(store.jobQueue().requeueStale(Duration.ofMinutes(10))).isEqualTo(1);
    assertThat(store.jobQueue().queued("run")).extracting(Job::id).containsExactly(later);
    Job again = store.jobQueue().claim(1).getFirst();
    assertThat(again.attempts()).isEqualTo(2);
    store.jobQueue().retry(again.id(), clock.instant().plusSeconds(5), "node busy");
    assertThat(store.jobQueue().claim(1)).isEmpty();
    clock.advance(Duration.ofSeconds(5));
    store.jobQueue().fail(store.jobQueue().claim(1).getFirst().id(), "gave up");
    assertThat(store.jobQueue().find(later).orElseThrow().status()).isEqualTo(Job.Status.FAILED);
  }

  @Test
  void aNodeIsLockedByOneStoreAtATime() {
    try (Store other = another("b")) {
      NodeLock mine = store.nodeLocks().tryLock("aurora").orElseThrow();
      assertThat(mine.isHeld()).isTrue();
      assertThat(other.nodeLocks().tryLock("aurora")).isEmpty();
      assertThat(store.nodeLocks().tryLock("aurora")).isEmpty();
      NodeLock theirs = other.nodeLocks().tryLock("borealis").orElseThrow();
      assertThat(store.nodeLocks().held())
          .extracting(HeldLock::node, HeldLock::owner)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("aurora", store.owner().toString()),
              org.assertj.core.groups.Tuple.tuple("borealis", other.owner().toString()));
      mine.close();
      assertThat(mine.isHeld()).isFalse();
      mine.close();
      NodeLock taken = other.nodeLocks().tryLock("aurora").orElseThrow();
      assertThat(taken.isHeld()).isTrue();
      theirs.close();
      taken.close();
      NodeLock left = other.nodeLocks().tryLock("calm").orElseThrow();
      assertThat(left.isHeld()).isTrue();
    }
    // Closing a store releases what it held.
    assertThat(store.nodeLocks().tryLock("calm")).isPresent();
    assertThat(store.nodeLocks().held()).extracting(HeldLock::node).containsExactly("calm");
  }

  /**
   * Rows hold references only. Plans carry secret names and "secret-bearing, not shown" notes (the
   * differ redacts); callers never pass a value. The schema keeps no column meant for one.
   */
  @Test
  void theSchemaHasNoColumnForSecretValues() throws Exception {
    Pattern secretish =
        Pattern.compile("secret|password|passwd|token|credential|private|api_?key|passphrase");
    List<String> columns = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url)) {
      columns.addAll(
          Db.query(
              c,
              "SELECT table_name, column_name FROM information_schema.columns"
                  + " WHERE LOWER(table_schema) = LOWER(CURRENT_SCHEMA)",
              rs -> rs.getString(1).toLowerCase(Locale.ROOT) + "." + rs.getString(2)));
    }
    assertThat(columns).contains("runs.owner", "plans.json", "notification_outbox.body");
    assertThat(columns).noneMatch(c -> secretish.matcher(c.toLowerCase(Locale.ROOT)).find());
  }
}
