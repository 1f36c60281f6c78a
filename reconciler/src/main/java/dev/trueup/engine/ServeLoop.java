package dev.trueup.engine;

import dev.trueup.source.Revision;
import dev.trueup.source.SyncResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running reconciler: one worker thread runs cycles, one at a time. A cycle syncs the
 * desired state and, when it moved ({@link SyncResult.Synced}) or a trigger asked for it, runs an
 * {@link ApplyPipeline} over the tree. Cycles start on a poll (the interval ±10% jitter) or on
 * {@link #trigger(String)}; triggers that arrive while a cycle runs coalesce into one follow-up
 * cycle (the newest reason wins). {@link #close()} lets the cycle in flight finish — an apply is
 * never interrupted — and waits for it at most {@link #closeWait}.
 */
public final class ServeLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServeLoop.class);

  /** The default poll interval. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(60);

  /** How long {@link #close()} waits for a cycle in flight by default. */
  public static final Duration DEFAULT_CLOSE_WAIT = Duration.ofMinutes(5);

  /** What a cycle did, for metrics and logs; every method may be left out. */
  public interface Events {
    Events NONE = new Events() {};

    /** A sync ended (successfully or not) at {@code at}. */
    default void synced(SyncResult result, Instant at) {}

    /** An apply ran over the synced tree. */
    default void applied(ApplyRun run, Duration took) {}

    /** An apply threw instead of returning a run. */
    default void crashed(RuntimeException e) {}
  }

  private final Supplier<SyncResult> sync;
  private final Path tree;
  private final Supplier<ApplyPipeline> pipelines;
  private final ApplyPipeline.Options options;
  private final Events events;
  private final Duration poll;
  private final Duration closeWait;
  private final Clock clock;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private String pending;
  private boolean closing;
  private boolean running;
  private volatile Instant lastSync;
  private volatile ApplyRun lastRun;
  private final AtomicLong cycles = new AtomicLong();
  private final AtomicLong applies = new AtomicLong();
  private Thread worker;

  /**
   * @param sync the source's sync ({@code GitSource::sync}); it must not throw
   * @param tree where the synced files are ({@code GitSource.tree()})
   * @param pipelines a fresh pipeline for each apply
   * @param poll the interval between polls (jittered by ±10%)
   * @param closeWait how long {@link #close()} waits for the cycle in flight
   */
  public ServeLoop(
      Supplier<SyncResult> sync,
      Path tree,
      Supplier<ApplyPipeline> pipelines,
      ApplyPipeline.Options options,
      Events events,
      Duration poll,
      Duration closeWait,
      Clock clock) {
    this.sync = Objects.requireNonNull(sync, "sync");
    this.tree = Objects.requireNonNull(tree, "tree");
    this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
    this.options = Objects.requireNonNull(options, "options");
    this.events = events == null ? Events.NONE : events;
    this.poll = poll == null ? DEFAULT_POLL : poll;
    this.closeWait = closeWait == null ? DEFAULT_CLOSE_WAIT : closeWait;
    this.clock = clock == null ? Clock.systemUTC() : clock;
    if (this.poll.isNegative() || this.poll.isZero()) {
      throw new IllegalArgumentException("the poll interval must be positive");
    }
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

  /** Starts the worker thread. The first cycle runs on the first trigger or poll. */
  public ServeLoop start() {
    lock.lock();
    try {
      if (worker != null) {
        throw new IllegalStateException("already started");
      }
      worker = Thread.ofPlatform().name("trueup-serve-loop").daemon(false).start(this::work);
    } finally {
      lock.unlock();
    }
    return this;
  }

  /**
   * Asks for a cycle that applies even when the source did not move. While a cycle runs, triggers
   * coalesce into one follow-up cycle; a newer reason replaces a queued older one.
   */
  public void trigger(String reason) {
    lock.lock();
    try {
      if (closing) {
        return;
      }
      if (pending != null) {
        log.debug("trigger {} supersedes {}", reason, pending);
      }
      pending = reason == null ? "trigger" : reason;
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
    lock.lock();
    try {
      closing = true;
      pending = null;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      if (!awaitStopped(closeWait)) {
        log.warn("the cycle in flight did not finish within {}; leaving it running", closeWait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void work() {
    Instant nextPoll = clock.instant().plus(jittered());
    while (true) {
      String reason;
      lock.lock();
      try {
        while (!closing && pending == null) {
          Duration wait = Duration.between(clock.instant(), nextPoll);
          if (wait.isNegative() || wait.isZero()) {
            break;
          }
          try {
            wake.await(wait.toNanos(), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            closing = true;
          }
        }
        if (closing) {
          return;
        }
        reason = pending;
        pending = null;
        running = true;
      } finally {
        lock.unlock();
      }
      try {
        cycle(Optional.ofNullable(reason));
      } catch (RuntimeException e) {
        log.error("a cycle failed", e);
      } finally {
        lock.lock();
        try {
          running = false;
        } finally {
          lock.unlock();
        }
        cycles.incrementAndGet();
      }
      nextPoll = clock.instant().plus(jittered());
    }
  }

  private void cycle(Optional<String> trigger) {
    SyncResult result = sync.get();
    Instant at = clock.instant();
    events.synced(result, at);
    boolean apply;
    switch (result) {
      case SyncResult.Synced s -> {
        lastSync = at;
        apply = true;
        log.info("synced {} ({})", s.revision().commitId(), s.revision().ref());
      }
      case SyncResult.Unchanged u -> {
        lastSync = at;
        apply = trigger.isPresent();
      }
      case SyncResult.Failed f -> {
        log.warn("sync failed: {}", f.reason());
        // The last good tree stays in force; a trigger still reconciles it.
        apply = trigger.isPresent() && lastSync != null;
      }
    }
    if (!apply) {
      return;
    }
    trigger.ifPresent(r -> log.info("cycle asked for by {}", r));
    long started = System.nanoTime();
    ApplyRun run;
    try {
      run = pipelines.get().run(tree, options);
    } catch (RuntimeException e) {
      log.error("apply failed", e);
      events.crashed(e);
      return;
    } finally {
      applies.incrementAndGet();
    }
    lastRun = run;
    try {
      events.applied(run, Duration.ofNanos(System.nanoTime() - started));
    } catch (RuntimeException e) {
      log.warn("recording run {} failed", run.runId(), e);
    }
  }

  private Duration jittered() {
    double factor = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
    return Duration.ofNanos((long) (poll.toNanos() * factor));
  }
}
