package dev.trueup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.source.Revision;
import dev.trueup.source.SyncResult;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve loop on a plain directory and one local sandbox node in development (where changes
 * apply at once by policy), driven by triggers: the poll interval is far beyond the test.
 */
class ServeLoopTest {
  private static final Duration LONG = Duration.ofHours(1);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path repo;
  @TempDir Path sandbox;
  @TempDir Path storeDir;
  private Store store;
  private ServeLoop loop;

  /** Pipelines handed out; each may first wait on {@link #gate} to make a cycle slow. */
  private final AtomicInteger started = new AtomicInteger();

  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch entered = new CountDownLatch(1);

  @BeforeEach
  void fleet() throws Exception {
    store = Store.openEmbedded(storeDir);
    Files.createDirectories(repo.resolve("nodes"));
    Files.createDirectories(repo.resolve("templates"));
    Files.writeString(
        repo.resolve("fleet.yaml"),
        """
        fleet: dev
        environments: [development]
        defaults:
          directories:
            /etc/app: {mode: "0755"}
          files:
            /etc/app/app.conf: {template: app.conf.ftl, mode: "0644", vars: {port: 8000}}
        """);
    // A development fleet takes every change at once.
    Files.writeString(repo.resolve("policy.yaml"), "matrix: {minor: apply}\n");
    Files.writeString(repo.resolve("templates/app.conf.ftl"), "port=${vars.port}\n");
    Files.writeString(
        repo.resolve("nodes/box.yaml"),
        "node: box\nenvironment: development\nconnection: {driver: local, root: %s}\n"
            .formatted(sandbox));
  }

  @AfterEach
  void close() {
    if (loop != null) {
      loop.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private Supplier<ApplyPipeline> pipelines() {
    return () -> {
      started.incrementAndGet();
      entered.countDown();
      try {
        if (!gate.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("the gate never opened");
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException("interrupted while slow", e);
      }
      return new ApplyPipeline(new Validator(), Drivers::standard, store, Progress.NONE);
    };
  }

  /** A loop of one process: wakes in memory, the local ledger. */
  private static ServeLoop oneProcess(
      Supplier<SyncResult> sync,
      Path tree,
      Supplier<ApplyPipeline> pipelines,
      ApplyPipeline.Options options,
      CycleEvents events,
      Duration poll,
      Duration closeWait,
      java.time.Clock clock) {
    java.time.Clock c = clock == null ? java.time.Clock.systemUTC() : clock;
    return new ServeLoop(
        sync,
        () -> dev.trueup.source.DesiredTree.of(tree),
        pipelines,
        options,
        events,
        new LoopTiming(poll, closeWait, null, null),
        new InMemoryWakeQueue(c),
        Ledger.LOCAL,
        c);
  }

  private ServeLoop loop(Duration closeWait) {
    return unstarted(closeWait).start();
  }

  /** The loop over the test's repo, not started yet (a schedule is added before the start). */
  private ServeLoop unstarted(Duration closeWait) {
    loop =
        oneProcess(
            dev.trueup.source.DirectorySync.of(repo),
            repo,
            pipelines(),
            ApplyPipeline.Options.everything(2),
            CycleEvents.NONE,
            LONG,
            closeWait,
            null);
    return loop;
  }

  private static void awaitCycles(ServeLoop loop, long n) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (loop.cycles() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(loop.cycles()).isGreaterThanOrEqualTo(n);
  }

  private String conf() throws Exception {
    Path p = sandbox.resolve("etc/app/app.conf");
    return Files.exists(p) ? Files.readString(p) : "<missing>";
  }

  @Test
  void oneTriggerRunsOneCycleThatApplies() throws Exception {
    ServeLoop l = loop(WAIT);
    assertThat(l.lastSync()).isEmpty();
    l.trigger("test");
    awaitCycles(l, 1);
    assertThat(l.awaitIdle(WAIT)).isTrue();
    assertThat(l.cycles()).isEqualTo(1);
    assertThat(l.applies()).isEqualTo(1);
    assertThat(l.lastSync()).isPresent();
    ApplyRun run = l.lastRun().orElseThrow();
    assertThat(run.failed()).as("%s", run).isFalse();
    assertThat(conf()).as("%s", run).isEqualTo("port=8000\n");
    assertThat(store.runs().recent(5)).hasSize(1);
  }

  @Test
  void eachScheduledCheckRunsOnItsOwnInterval() throws Exception {
    AtomicInteger often = new AtomicInteger();
    AtomicInteger rarely = new AtomicInteger();
    unstarted(WAIT);
    loop.schedule(
        Duration.ofMillis(50),
        t -> {
          often.incrementAndGet();
          return Optional.empty();
        });
    loop.schedule(
        LONG,
        t -> {
          rarely.incrementAndGet();
          return Optional.empty();
        });
    loop.start().trigger("startup");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (often.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    // Serve schedules its drift check and its health monitor: adding one must not drop the other.
    assertThat(often.get()).as("the 50 ms check ran again and again").isGreaterThanOrEqualTo(3);
    assertThat(rarely.get()).as("the hourly one waits for its hour").isZero();
  }

  @Test
  void triggersDuringASlowCycleCoalesceIntoOneFollowUp() throws Exception {
    gate = new CountDownLatch(1);
    ServeLoop l = loop(WAIT);
    l.trigger("first");
    assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 5; i++) {
      l.trigger("push " + i);
    }
    gate.countDown();
    awaitCycles(l, 2);
    assertThat(l.awaitIdle(WAIT)).isTrue();
    assertThat(l.cycles()).isEqualTo(2);
    assertThat(started.get()).isEqualTo(2);
    assertThat(l.busy()).isFalse();
  }

  @Test
  void closeWaitsForTheCycleInFlightThenStops() throws Exception {
    gate = new CountDownLatch(1);
    ServeLoop l = loop(WAIT);
    l.trigger("first");
    assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Thread closer = Thread.ofPlatform().start(l::close);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!l.stopping() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    // Asked to stop while the gate is shut: the cycle cannot have ended, so neither can close.
    assertThat(l.stopping()).isTrue();
    assertThat(closer.isAlive()).as("close waits for the cycle in flight").isTrue();
    l.trigger("after close");
    gate.countDown();
    closer.join(WAIT.toMillis());
    assertThat(closer.isAlive()).isFalse();
    assertThat(l.cycles()).isEqualTo(1);
    assertThat(l.lastRun()).hasValueSatisfying(r -> assertThat(r.failed()).isFalse());
    assertThat(conf()).isEqualTo("port=8000\n");
    assertThat(l.awaitStopped(Duration.ofSeconds(1))).isTrue();
    assertThat(started.get()).isEqualTo(1);
  }

  @Test
  void anUnchangedSourceIsPolledWithoutApplyingUntilATriggerAsks() throws Exception {
    Revision same = new Revision("c".repeat(40), "refs/heads/main", Optional.empty(), false);
    loop =
        oneProcess(
                () -> new SyncResult.Unchanged(same),
                repo,
                pipelines(),
                ApplyPipeline.Options.everything(2),
                CycleEvents.NONE,
                Duration.ofMillis(20),
                WAIT,
                null)
            .start();
    awaitCycles(loop, 3);
    assertThat(loop.applies()).isZero();
    assertThat(loop.lastSync()).isPresent();
    loop.trigger("manual");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (loop.applies() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(loop.applies()).isEqualTo(1);
    assertThat(conf()).isEqualTo("port=8000\n");
  }

  @Test
  void aFailedFirstSyncAppliesNothingEvenWhenTriggered() throws Exception {
    loop =
        oneProcess(
                () -> new SyncResult.Failed("no route to the forge"),
                repo,
                pipelines(),
                ApplyPipeline.Options.everything(2),
                CycleEvents.NONE,
                LONG,
                WAIT,
                null)
            .start();
    loop.trigger("manual");
    awaitCycles(loop, 1);
    assertThat(loop.applies()).isZero();
    assertThat(loop.lastSync()).isEmpty();
  }

  private ServeLoop sharedLoop(Supplier<SyncResult> sync, Duration poll) {
    return new ServeLoop(
        sync,
        () -> dev.trueup.source.DesiredTree.of(repo),
        pipelines(),
        ApplyPipeline.Options.everything(2),
        CycleEvents.NONE,
        new LoopTiming(poll, WAIT, Duration.ofMillis(50), Duration.ofMillis(50)),
        new StoreWakeQueue(store, Duration.ofMinutes(2)),
        new StoreLedger(store, Duration.ofMinutes(2)),
        null);
  }

  @Test
  void aPushForARevisionSomeRunAlreadyAppliedStartsNoRun() throws Exception {
    Revision same = new Revision("d".repeat(40), "refs/heads/main", Optional.empty(), false);
    loop = sharedLoop(() -> new SyncResult.Unchanged(same), LONG).start();
    loop.trigger("startup");
    awaitApplies(loop, 1);
    long cycles = loop.cycles();

    loop.wake(Wake.push("github push refs/heads/main", same.commitId()));
    awaitCycles(loop, cycles + 1);
    assertThat(loop.awaitIdle(WAIT)).isTrue();
    assertThat(loop.applies()).as("the revision's run succeeded: nothing to do").isEqualTo(1);
    assertThat(store.jobQueue().queued(StoreWakeQueue.KIND)).as("served wakes leave").isEmpty();
  }

  @Test
  void aRevisionWhoseRunWasKilledIsRunAgainOnThePoll() throws Exception {
    // The tree's revision is its content digest; a run for it that was killed mid-way.
    String revision = dev.trueup.source.DesiredTree.of(repo).revision();
    var killed = store.runs().start("apply", revision);
    store.runs().finish(killed.id(), dev.trueup.store.Run.Status.INTERRUPTED, "killed");
    Revision same = new Revision("e".repeat(40), "refs/heads/main", Optional.empty(), false);
    loop = sharedLoop(() -> new SyncResult.Unchanged(same), Duration.ofMillis(50)).start();
    awaitApplies(loop, 1);
    assertThat(conf()).isEqualTo("port=8000\n");
    awaitCycles(loop, loop.cycles() + 3);
    assertThat(loop.applies()).as("once it succeeded, polls leave it alone").isEqualTo(1);
  }

  @Test
  void aNodeAwayDuringTheRunIsCaughtUpWithinAPollOfItsReturnAndOnlyIt(@TempDir Path laptop)
      throws Exception {
    Files.writeString(
        repo.resolve("nodes/laptop.yaml"),
        "node: laptop\nenvironment: development\nconnection: {driver: local, root: %s}\n"
            .formatted(laptop));
    Revision same = new Revision("a".repeat(40), "refs/heads/main", Optional.empty(), false);
    Duration poll = Duration.ofMillis(200);
    loop = sharedLoop(() -> new SyncResult.Unchanged(same), poll).start();
    loop.trigger("startup");
    awaitApplies(loop, 1);
    Path laptopConf = laptop.resolve("etc/app/app.conf");
    assertThat(Files.readString(laptopConf)).isEqualTo("port=8000\n");

    // The laptop goes to sleep (its root unusable: a missing one would be an empty node to make),
    // and a change is pushed meanwhile.
    Path asleep = laptop.resolveSibling(laptop.getFileName() + ".asleep");
    Files.move(laptop, asleep);
    Files.writeString(laptop, "not a directory");
    Path fleet = repo.resolve("fleet.yaml");
    Files.writeString(fleet, Files.readString(fleet).replace("port: 8000", "port: 8001"));
    loop.trigger("push");
    awaitApplies(loop, 2);
    assertThat(conf()).isEqualTo("port=8001\n");
    assertThat(loop.lastRun().orElseThrow().plan().orElseThrow().nodes())
        .filteredOn(n -> n.node().equals("laptop"))
        .singleElement()
        .satisfies(n -> assertThat(n.observed()).isFalse());
    assertThat(store.nodeContacts().get("laptop").orElseThrow().away()).isTrue();
    assertThat(store.nodeContacts().get("box").orElseThrow().away()).isFalse();
    // Polls while it is away run nothing: the ledger counts the revision as run.
    awaitCycles(loop, loop.cycles() + 3);
    assertThat(loop.applies()).isEqualTo(2);

    Files.delete(laptop); // awake again, as it was
    Files.move(asleep, laptop);
    long back = System.nanoTime();
    awaitApplies(loop, 3);
    Duration took = Duration.ofNanos(System.nanoTime() - back);
    ApplyRun caughtUp = loop.lastRun().orElseThrow();
    assertThat(caughtUp.failed()).as(caughtUp.toString()).isFalse();
    assertThat(caughtUp.nodes()).extracting(r -> r.node()).containsExactly("laptop");
    assertThat(Files.readString(laptopConf)).isEqualTo("port=8001\n");
    assertThat(store.runs().find(caughtUp.runId()).orElseThrow().trigger())
        .isEqualTo("catch-up laptop");
    assertThat(store.nodeContacts().get("laptop").orElseThrow().away()).isFalse();
    // Caught up: later polls leave it alone. (How long it took is printed, not asserted.)
    System.out.println("laptop caught up " + took.toMillis() + " ms after it came back");
    awaitCycles(loop, loop.cycles() + 3);
    assertThat(loop.applies()).isEqualTo(3);
  }

  @Test
  void changesABusyCheckDeferredApplyWithinAPollOfItsSayingIdleAndTheRestAtOnce(
      @TempDir Path gpu, @TempDir Path flags) throws Exception {
    Files.createDirectories(repo.resolve("services"));
    Files.writeString(
        repo.resolve("services/trainer.yaml"),
        """
        service: trainer
        runtime: systemd
        systemd: {unit: trainer.service, exec: /usr/bin/trainer --epochs 10, user: nobody}
        """);
    Path busy = flags.resolve("busy");
    Files.writeString(
        repo.resolve("nodes/gpu.yaml"),
        """
        node: gpu
        environment: development
        connection: {driver: local, root: %s}
        services:
          trainer: {}
        files:
          /etc/trainer.conf: {content: "epochs=10\\n", mode: "0644", restarts: [trainer]}
        deferWhen:
          training: {command: "test -e %s", timeout: 2s}
        maxDefer: 1s
        """
            .formatted(gpu, busy));
    Revision same = new Revision("b".repeat(40), "refs/heads/main", Optional.empty(), false);
    loop = sharedLoop(() -> new SyncResult.Unchanged(same), Duration.ofMillis(200)).start();
    loop.trigger("startup");
    awaitApplies(loop, 1);
    // A sandbox has no systemd: the unit is left out (a note), the file that restarts it is not.
    Path unit = gpu.resolve("etc/trainer.conf");
    assertThat(Files.readString(unit)).isEqualTo("epochs=10\n");

    // A training job starts; then a commit changes both the unit and a file no unit reads.
    Files.writeString(busy, "");
    Path node = repo.resolve("nodes/gpu.yaml");
    Files.writeString(node, Files.readString(node).replace("epochs=10", "epochs=20"));
    Path fleet = repo.resolve("fleet.yaml");
    Files.writeString(fleet, Files.readString(fleet).replace("port: 8000", "port: 8001"));
    loop.trigger("push");
    awaitApplies(loop, 2);
    ApplyRun held = loop.lastRun().orElseThrow();
    assertThat(held.failed()).as(held.toString()).isFalse();
    var gpuPlan =
        held.plan().orElseThrow().nodes().stream()
            .filter(n -> n.node().equals("gpu"))
            .findFirst()
            .orElseThrow();
    assertThat(
            java.util.stream.IntStream.range(0, gpuPlan.changes().size())
                .mapToObj(
                    i ->
                        gpuPlan.changes().get(i).id()
                            + " "
                            + gpuPlan.decision(i).orElseThrow().step()
                            + " "
                            + gpuPlan.decision(i).orElseThrow().reason())
                .toList())
        .contains(
            "/etc/trainer.conf DEFERRED deferred: training",
            "/etc/app/app.conf APPLY_NOW "
                + gpuPlan
                    .decision(
                        gpuPlan.changes().stream()
                            .map(c -> c.id())
                            .toList()
                            .indexOf("/etc/app/app.conf"))
                    .orElseThrow()
                    .reason());
    assertThat(Files.readString(gpu.resolve("etc/app/app.conf"))).isEqualTo("port=8001\n");
    assertThat(Files.readString(unit)).isEqualTo("epochs=10\n");
    assertThat(store.nodeContacts().get("gpu").orElseThrow().deferredSince()).isPresent();
    assertThat(store.nodeContacts().get("gpu").orElseThrow().deferredBy())
        .contains("deferred: training");
    // Once the deferral outlasts maxDefer, one run comes by to raise it (the notifier makes it a
    // high alert); busy polls after that look and run nothing.
    awaitApplies(loop, 3);
    assertThat(store.runs().find(loop.lastRun().orElseThrow().runId()).orElseThrow().trigger())
        .isEqualTo("catch-up gpu");
    assertThat(loop.lastRun().orElseThrow().nodes()).as("nothing to apply yet").isEmpty();
    assertThat(store.nodeContacts().get("gpu").orElseThrow().deferralTold()).isPresent();
    assertThat(Files.readString(unit)).isEqualTo("epochs=10\n");
    awaitCycles(loop, loop.cycles() + 3);
    assertThat(loop.applies()).isEqualTo(3);

    Files.delete(busy); // the job ended
    awaitApplies(loop, 4);
    ApplyRun caughtUp = loop.lastRun().orElseThrow();
    assertThat(caughtUp.failed()).as(caughtUp.toString()).isFalse();
    assertThat(caughtUp.nodes()).extracting(r -> r.node()).containsExactly("gpu");
    assertThat(store.runs().find(caughtUp.runId()).orElseThrow().trigger())
        .isEqualTo("catch-up gpu");
    assertThat(Files.readString(unit)).isEqualTo("epochs=20\n");
    assertThat(store.nodeContacts().get("gpu").orElseThrow().deferredSince()).isEmpty();
    assertThat(store.nodeContacts().get("gpu").orElseThrow().deferralTold()).isEmpty();
    awaitCycles(loop, loop.cycles() + 3);
    assertThat(loop.applies()).isEqualTo(4);
  }

  @Test
  void aNodeHeldByAnotherRunIsRetriedOnceItIsFree() throws Exception {
    Revision same = new Revision("f".repeat(40), "refs/heads/main", Optional.empty(), false);
    loop = sharedLoop(() -> new SyncResult.Unchanged(same), LONG);
    var held = store.nodeLocks().tryLock("box").orElseThrow();
    loop.start();
    loop.trigger("startup");
    awaitApplies(loop, 1);
    assertThat(loop.lastRun().orElseThrow().deferred()).containsExactly("box");
    assertThat(conf()).isEqualTo("<missing>");
    held.close();
    awaitApplies(loop, 2);
    assertThat(loop.lastRun().orElseThrow().deferred()).isEmpty();
    assertThat(conf()).isEqualTo("port=8000\n");
  }

  @Test
  void aScheduledCheckRunsBetweenCyclesAndItsWakeApplies() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    Revision same = new Revision("a".repeat(40), "refs/heads/main", Optional.empty(), false);
    loop =
        sharedLoop(() -> new SyncResult.Unchanged(same), Duration.ofMillis(50))
            .schedule(
                Duration.ofMillis(100),
                tree -> {
                  assertThat(tree.files()).isEqualTo(repo);
                  return checks.incrementAndGet() == 2
                      ? Optional.of(Wake.manual("drift detected"))
                      : Optional.empty();
                });
    loop.start();
    awaitApplies(loop, 1); // the poll: no run recorded for this revision yet
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (checks.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(loop.applies()).as("the first poll, then the check's wake").isEqualTo(2);
    assertThat(store.runs().recent(5).getFirst().trigger()).isEqualTo("drift detected");
  }

  private static void awaitApplies(ServeLoop loop, long n) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while ((loop.applies() < n || loop.busy()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(loop.applies()).isGreaterThanOrEqualTo(n);
  }

  @Test
  void aForcePushBackToAnAppliedRevisionRunsItAgain() throws Exception {
    String revision = dev.trueup.source.DesiredTree.of(repo).revision();
    var earlier = store.runs().start("apply", revision);
    store.runs().finish(earlier.id(), dev.trueup.store.Run.Status.SUCCEEDED, "applied once");
    java.util.concurrent.atomic.AtomicBoolean rewritten =
        new java.util.concurrent.atomic.AtomicBoolean();
    Revision moved =
        new Revision("b".repeat(40), "refs/heads/main", Optional.of("c".repeat(40)), false);
    Revision back =
        new Revision("b".repeat(40), "refs/heads/main", Optional.of("c".repeat(40)), true);
    loop =
        sharedLoop(
                () -> new SyncResult.Synced(rewritten.get() ? back : moved), Duration.ofMillis(50))
            .start();
    awaitCycles(loop, 2);
    assertThat(loop.applies()).as("the ledger knows this revision: no run").isZero();
    rewritten.set(true);
    awaitApplies(loop, 1);
    assertThat(conf()).isEqualTo("port=8000\n");
  }
}
