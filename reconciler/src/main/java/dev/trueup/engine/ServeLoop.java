package dev.trueup.engine;

import dev.trueup.source.DesiredTree;
import dev.trueup.source.SyncResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

  private final Supplier<DesiredTree> tree;
  private final ServeCycle cycle;
  private final WakeQueue wakes;
  private final Duration queueCheck;
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
  private volatile Throwable death;
  private final AtomicLong cycles = new AtomicLong();
  private Thread worker;

  /** The scheduled checks (drift, health), each with its own interval and next run. */
  private final List<Scheduled> scheduled = new java.util.ArrayList<>();

  private static final class Scheduled {
    final Duration every;
    final Function<DesiredTree, Optional<Wake>> task;
    Instant next;

    Scheduled(Duration every, Function<DesiredTree, Optional<Wake>> task) {
      this.every = every;
      this.task = task;
    }
  }

  /**
   * @param sync the source's sync ({@code GitSource::sync}); it must not throw
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
    this.tree = Objects.requireNonNull(tree, "tree");
    this.poll = timing.poll();
    this.closeWait = timing.closeWait();
    this.queueCheck = timing.queueCheck();
    this.wakes = Objects.requireNonNull(wakes, "wakes");
    this.clock = clock == null ? Clock.systemUTC() : clock;
    this.cycle =
        new ServeCycle(
            Objects.requireNonNull(sync, "sync"),
            this.tree,
            Objects.requireNonNull(pipelines, "pipelines"),
            Objects.requireNonNull(options, "options"),
            events == null ? CycleEvents.NONE : events,
            this.wakes,
            Objects.requireNonNull(ledger, "ledger"),
            timing.retryDelay(),
            this.clock);
  }

  /**
   * Runs {@code task} over the synced tree every {@code every} (±10% jitter), between cycles on the
   * worker thread, so it never observes a node this loop is changing: serve's drift detection. A
   * wake it returns is queued (drift the policy reverts asks for an apply). Each call adds one
   * (serve's drift check and health monitor each have their own interval). Call before {@link
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
      scheduled.add(new Scheduled(every, Objects.requireNonNull(task, "task")));
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
    return cycle.lastSync();
  }

  /** The last apply's run, if any ran. */
  public Optional<ApplyRun> lastRun() {
    return cycle.lastRun();
  }

  /**
   * The last unit of work that failed: a revision whose apply threw or finished failed, a cycle
   * that could not run, a scheduled check that threw. A later success does not clear it.
   */
  public Optional<WorkFailure> lastFailure() {
    return cycle.lastFailure();
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
    return cycle.applies();
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
    Instant nextPoll = clock.instant().plus(LoopTiming.jittered(poll));
    for (Scheduled t : scheduled) {
      t.next = clock.instant().plus(LoopTiming.jittered(t.every));
    }
    Instant nextScheduled = nextScheduled();
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
        for (Scheduled t : scheduled) {
          if (!t.next.isAfter(clock.instant())) {
            runScheduled(t.task);
            t.next = clock.instant().plus(LoopTiming.jittered(t.every));
          }
        }
        nextScheduled = nextScheduled();
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
        cycle.run(woken);
      } catch (Throwable e) {
        // One cycle's failure (the sync, the ledger, the tree) ends that cycle only.
        cycle.failed("the cycle", e);
      } finally {
        setRunning(false);
        cycles.incrementAndGet();
        try {
          wakes.done(claimed);
        } catch (RuntimeException e) {
          log.warn("the served wakes could not be marked done: {}", e.getMessage());
        }
      }
      nextPoll = clock.instant().plus(LoopTiming.jittered(poll));
    }
  }

  private Instant nextScheduled() {
    return scheduled.stream().map(t -> t.next).min(Instant::compareTo).orElse(Instant.MAX);
  }

  private void runScheduled(Function<DesiredTree, Optional<Wake>> task) {
    if (cycle.lastSync().isEmpty()) {
      return; // nothing synced yet: nothing to check against
    }
    setRunning(true);
    try {
      task.apply(tree.get()).ifPresent(w -> wakes.offer(w, Duration.ZERO));
    } catch (Throwable e) {
      cycle.failed("the scheduled check", e);
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
}
