package dev.trueup.engine;

import dev.trueup.apply.NodeApplyResult;
import dev.trueup.source.DesiredTree;
import dev.trueup.source.Revision;
import dev.trueup.source.SyncResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running reconciler: one worker thread runs cycles, one at a time. A cycle syncs the
 * desired state and runs an {@link ApplyPipeline} over it when a wake forces one (startup, a manual
 * sync, a retry) or the {@link Ledger} says the revision still needs a run (the source moved to it,
 * or the run that took it on was killed). Cycles start on a poll (the interval ±10% jitter) or on
 * wakes from the {@link WakeQueue}; wakes that arrive while a cycle runs coalesce into one
 * follow-up cycle, so a queued older revision is superseded by the newer one that cycle fetches. A
 * push replayed for a revision already applied starts no run. Nodes another run holds are retried
 * after {@code retryDelay}. {@link #close()} lets the cycle in flight finish — an apply is never
 * interrupted — and waits for it at most {@link #closeWait}.
 *
 * <p>No revision stops the worker: whatever a cycle or a scheduled check throws (an {@link Error}
 * too: a template that includes itself overflows the stack) ends that unit of work only. Its run is
 * recorded failed, {@link #lastFailure()} says what failed, and the next cycle goes on (a failed
 * revision is retried only as the {@link Ledger} allows). Only a failure of the loop's own
 * machinery ends the worker, and {@link #died()} then says so, so that the process exits non-zero
 * rather than serving nothing.
 */
public final class ServeLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServeLoop.class);

  private final Supplier<SyncResult> sync;
  private final Supplier<DesiredTree> tree;
  private final WakeQueue wakes;
  private final Ledger ledger;
  private final Duration queueCheck;
  private final Duration retryDelay;
  private final Supplier<ApplyPipeline> pipelines;
  private final ApplyPipeline.Options options;
  private final CycleEvents events;
  private final Duration poll;
  private final Duration closeWait;
  private final Clock clock;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Condition parkedChanged = lock.newCondition();
  private boolean signalled;
  private boolean parked;
  private boolean closing;
  private boolean running;
  private volatile Instant lastSync;
  private volatile ApplyRun lastRun;
  private volatile WorkFailure lastFailure;
  private volatile Throwable death;
  private final AtomicLong cycles = new AtomicLong();
  private final AtomicLong applies = new AtomicLong();
  private Thread worker;
  private Duration scheduleEvery;
  private Function<DesiredTree, Optional<Wake>> scheduled;

  /**
   * A loop of one process: wakes in memory, a revision runs when the source moves to it.
   *
   * @param sync the source's sync ({@code GitSource::sync}); it must not throw
   * @param tree where the synced files are
   * @param pipelines a fresh pipeline for each apply
   * @param poll the interval between polls (jittered by ±10%)
   * @param closeWait how long {@link #close()} waits for the cycle in flight
   */
  public ServeLoop(
      Supplier<SyncResult> sync,
      Path tree,
      Supplier<ApplyPipeline> pipelines,
      ApplyPipeline.Options options,
      CycleEvents events,
      Duration poll,
      Duration closeWait,
      Clock clock) {
    this(
        sync,
        () -> DesiredTree.of(tree),
        pipelines,
        options,
        events,
        new LoopTiming(poll, closeWait, null, null),
        new InMemoryWakeQueue(clock == null ? Clock.systemUTC() : clock),
        Ledger.LOCAL,
        clock);
  }

  /**
   * @param tree the synced files as a desired revision ({@code GitSource::desiredTree})
   * @param wakes where wakes wait (the store's queue when replicas share it)
   * @param ledger whether a revision still needs a run
   */
  public ServeLoop(
      Supplier<SyncResult> sync,
      Supplier<DesiredTree> tree,
      Supplier<ApplyPipeline> pipelines,
      ApplyPipeline.Options options,
      CycleEvents events,
      LoopTiming timing,
      WakeQueue wakes,
      Ledger ledger,
      Clock clock) {
    this.sync = Objects.requireNonNull(sync, "sync");
    this.tree = Objects.requireNonNull(tree, "tree");
    this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
    this.options = Objects.requireNonNull(options, "options");
    this.events = events == null ? CycleEvents.NONE : events;
    this.poll = timing.poll();
    this.closeWait = timing.closeWait();
    this.queueCheck = timing.queueCheck();
    this.retryDelay = timing.retryDelay();
    this.wakes = Objects.requireNonNull(wakes, "wakes");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = clock == null ? Clock.systemUTC() : clock;
  }

  /**
   * A plain directory as the source: every cycle counts as synced, so each poll reconciles the
   * directory's files against live state.
   */
  public static Supplier<SyncResult> directory(Path dir) {
    Revision revision =
        new Revision("working-tree", dir.toAbsolutePath().toString(), Optional.empty(), false);
    return () -> new SyncResult.Synced(revision);
  }

  /**
   * Runs {@code task} over the synced tree every {@code every} (±10% jitter), between cycles on the
   * worker thread, so it never observes a node this loop is changing: serve's drift detection. A
   * wake it returns is queued (drift the policy reverts asks for an apply). Call before {@link
   * #start()}.
   */
  public ServeLoop schedule(Duration every, Function<DesiredTree, Optional<Wake>> task) {
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("the schedule interval must be positive");
    }
    lock.lock();
    try {
      if (worker != null) {
        throw new IllegalStateException("already started");
      }
      scheduleEvery = every;
      scheduled = Objects.requireNonNull(task, "task");
    } finally {
      lock.unlock();
    }
    return this;
  }

  /** Starts the worker thread. The first cycle runs on the first trigger or poll. */
  public ServeLoop start() {
    lock.lock();
    try {
      if (worker != null) {
        throw new IllegalStateException("already started");
      }
      worker =
          Thread.ofPlatform().name("trueup-serve-loop").daemon(false).start(this::workUntilClosed);
    } finally {
      lock.unlock();
    }
    return this;
  }

  /**
   * Asks for a cycle that applies even when the source did not move. While a cycle runs, wakes
   * coalesce into one follow-up cycle.
   */
  public void trigger(String reason) {
    wake(Wake.manual(reason == null ? "trigger" : reason));
  }

  /** Queues {@code w} (for whichever replica claims it first) and wakes this loop to look. */
  public void wake(Wake w) {
    lock.lock();
    try {
      if (closing) {
        return;
      }
    } finally {
      lock.unlock();
    }
    wakes.offer(w, Duration.ZERO);
    signal();
  }

  private void signal() {
    lock.lock();
    try {
      signalled = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** When the desired state was last fetched successfully; empty before that. */
  public Optional<Instant> lastSync() {
    return Optional.ofNullable(lastSync);
  }

  /** The last apply's run, if any ran. */
  public Optional<ApplyRun> lastRun() {
    return Optional.ofNullable(lastRun);
  }

  /**
   * The last unit of work that failed: a revision whose apply threw or finished failed, a cycle
   * that could not run, a scheduled check that threw. A later success does not clear it.
   */
  public Optional<WorkFailure> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /** Whether the worker ended without {@link #close()} being asked (its machinery failed). */
  public boolean died() {
    return death != null;
  }

  /** Cycles finished so far (with or without an apply). */
  public long cycles() {
    return cycles.get();
  }

  /** Applies finished so far (including ones that threw). */
  public long applies() {
    return applies.get();
  }

  /** Whether a cycle is running now. */
  public boolean busy() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the worker has nothing to do: it is parked until the next poll, queue check or
   * scheduled check, and no wake is waiting for it. What was triggered before this call has then
   * run, and nothing more runs until a timer or a new wake says so. False on timeout.
   */
  public boolean awaitIdle(Duration max) throws InterruptedException {
    long nanos = max.toNanos();
    lock.lock();
    try {
      while (!parked || signalled) {
        if (nanos <= 0) {
          return false;
        }
        nanos = parkedChanged.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the worker has stopped (after {@link #close()}); false on timeout. */
  public boolean awaitStopped(Duration max) throws InterruptedException {
    Thread w = worker;
    return w == null || w.join(max);
  }

  /**
   * Stops taking work; the cycle in flight finishes (it is never interrupted). Waits for it at most
   * the close wait, then returns regardless.
   */
  @Override
  public void close() {
    stop();
  }

  /**
   * As {@link #close()}, and says whether the worker stopped within the close wait: false means a
   * cycle is still in flight, and what it holds (connections, the store) is about to be closed
   * under it, so its run should be recorded interrupted first.
   */
  public boolean stop() {
    stopTaking();
    try {
      if (awaitStopped(closeWait)) {
        return true;
      }
      log.warn("the cycle in flight did not finish within {}; leaving it running", closeWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /**
   * Takes no new cycle from now on, and returns at once: the cycle in flight goes on. {@link
   * #stop()} then waits for it.
   */
  public void stopTaking() {
    lock.lock();
    try {
      closing = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@link #close()} was asked (the cycle in flight may still be finishing). */
  public boolean stopping() {
    lock.lock();
    try {
      return closing;
    } finally {
      lock.unlock();
    }
  }

  private void workUntilClosed() {
    try {
      work();
    } catch (Throwable e) {
      // The thread dies with it (the process's uncaught-exception handler exits non-zero); this
      // tells whoever waits for the loop that it did not stop because it was asked to.
      death = e;
      throw e;
    }
  }

  private void work() {
    Instant nextPoll = clock.instant().plus(jittered(poll));
    Instant nextScheduled =
        scheduled == null ? Instant.MAX : clock.instant().plus(jittered(scheduleEvery));
    while (true) {
      Instant nextCheck = clock.instant().plus(queueCheck);
      lock.lock();
      try {
        while (!closing && !signalled) {
          Instant until = CycleChoice.sleepUntil(nextPoll, nextCheck, nextScheduled);
          Duration wait = Duration.between(clock.instant(), until);
          if (wait.isNegative() || wait.isZero()) {
            break;
          }
          parked = true;
          parkedChanged.signalAll();
          try {
            wake.await(wait.toNanos(), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            closing = true;
          } finally {
            parked = false;
          }
        }
        if (closing) {
          return;
        }
        signalled = false;
      } finally {
        lock.unlock();
      }
      if (CycleChoice.due(clock.instant(), nextPoll, nextScheduled).scheduled()) {
        runScheduled();
        nextScheduled = clock.instant().plus(jittered(scheduleEvery));
      }
      List<WakeQueue.Claimed> claimed;
      try {
        claimed = wakes.claim();
      } catch (RuntimeException e) {
        log.warn("the wake queue could not be read: {}", e.getMessage());
        claimed = List.of();
      }
      List<Wake> woken = claimed.stream().map(WakeQueue.Claimed::wake).toList();
      if (!CycleChoice.cycles(woken, CycleChoice.due(clock.instant(), nextPoll, nextScheduled))) {
        continue;
      }
      setRunning(true);
      try {
        cycle(woken);
      } catch (Throwable e) {
        // One cycle's failure (the sync, the ledger, the tree) ends that cycle only.
        failed("the cycle", e);
      } finally {
        setRunning(false);
        cycles.incrementAndGet();
        try {
          wakes.done(claimed);
        } catch (RuntimeException e) {
          log.warn("the served wakes could not be marked done: {}", e.getMessage());
        }
      }
      nextPoll = clock.instant().plus(jittered(poll));
    }
  }

  private void runScheduled() {
    if (lastSync == null) {
      return; // nothing synced yet: nothing to check against
    }
    setRunning(true);
    try {
      scheduled.apply(tree.get()).ifPresent(w -> wakes.offer(w, Duration.ZERO));
    } catch (Throwable e) {
      failed("the scheduled check", e);
    } finally {
      setRunning(false);
    }
  }

  private void setRunning(boolean value) {
    lock.lock();
    try {
      running = value;
    } finally {
      lock.unlock();
    }
  }

  private void cycle(List<Wake> woken) {
    SyncResult result = sync.get();
    Instant at = clock.instant();
    events.synced(result, at);
    CycleChoice.AfterSync after = CycleChoice.afterSync(woken, result, lastSync != null);
    if (result instanceof SyncResult.Synced s) {
      log.info("synced {} ({})", s.revision().commitId(), s.revision().ref());
    }
    if (!(result instanceof SyncResult.Failed)) {
      lastSync = at;
    }
    after
        .note()
        .ifPresent(
            n -> {
              if (result instanceof SyncResult.Failed) {
                log.warn(n);
              } else {
                log.info(n);
              }
            });
    if (!after.proceed()) {
      return;
    }
    DesiredTree desired = tree.get();
    if (!after.force() && !ledger.needsRun(desired.revision(), after.moved())) {
      woken.stream()
          .filter(w -> w.commit().isPresent())
          .findFirst()
          .ifPresent(w -> log.info("{}: revision already applied, no run", w.reason()));
      return;
    }
    String trigger = CycleChoice.trigger(woken);
    if (!woken.isEmpty()) {
      log.info("cycle asked for by {}", trigger);
    }
    long started = System.nanoTime();
    ApplyRun run;
    try {
      run = pipelines.get().run(desired, options, trigger);
    } catch (Throwable e) {
      // The pipeline recorded its run failed; the next cycle tries the next revision.
      failed(WorkFailure.subject(desired), e);
      events.crashed(e);
      return;
    } finally {
      applies.incrementAndGet();
    }
    lastRun = run;
    if (run.failed()) {
      lastFailure =
          new WorkFailure(
              "serve loop", WorkFailure.subject(desired), failure(run), clock.instant());
    }
    CycleChoice.retry(run.deferred())
        .ifPresent(
            retry -> {
              log.info(
                  "{} node(s) were being changed by another run; trying again in {}",
                  run.deferred().size(),
                  retryDelay);
              wakes.offer(retry, retryDelay);
            });
    try {
      events.applied(run, Duration.ofNanos(System.nanoTime() - started));
    } catch (Throwable e) {
      log.warn("recording run {} failed", run.runId(), e);
    }
  }

  private void failed(String subject, Throwable e) {
    WorkFailure f = new WorkFailure("serve loop", subject, WorkFailure.reason(e), clock.instant());
    lastFailure = f;
    if (e instanceof Error) {
      // A stack trace of a StackOverflowError is a thousand frames of the same few: one line.
      log.error("{}; serve goes on", f.line());
    } else {
      log.error("{}; serve goes on", f.line(), e);
    }
  }

  /** Why a run that returned was failed: refused, or its first failed node. */
  private static String failure(ApplyRun run) {
    if (run.refused().isPresent()) {
      return "refused: " + run.refused().get();
    }
    List<NodeApplyResult> failed = run.nodes().stream().filter(NodeApplyResult::failed).toList();
    return failed.size()
        + " node(s) failed"
        + failed.stream()
            .findFirst()
            .map(n -> ", " + n.node() + ": " + n.reason().orElse("failed"))
            .orElse("");
  }

  private static Duration jittered(Duration interval) {
    double factor = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
    return Duration.ofNanos((long) (interval.toNanos() * factor));
  }
}
