package dev.trueup.engine;

import dev.trueup.apply.NodeApplyResult;
import dev.trueup.engine.ApplyPipeline.Options;
import dev.trueup.source.DesiredTree;
import dev.trueup.source.SyncResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one serve cycle does once the loop decides to run it, and what cycles leave behind (the last
 * sync, run and failure, the number of applies): the loop only keeps the thread, the timers and the
 * wakes.
 */
final class ServeCycle {
  private static final Logger log = LoggerFactory.getLogger(ServeLoop.class);

  private final Supplier<SyncResult> sync;
  private final Supplier<DesiredTree> tree;
  private final Supplier<ApplyPipeline> pipelines;
  private final ApplyPipeline.Options options;
  private final CycleEvents events;
  private final WakeQueue wakes;
  private final Ledger ledger;
  private final Duration retryDelay;
  private final Clock clock;
  private volatile Instant lastSync;
  private volatile ApplyRun lastRun;
  private volatile WorkFailure lastFailure;
  private final AtomicLong applies = new AtomicLong();

  ServeCycle(
      Supplier<SyncResult> sync,
      Supplier<DesiredTree> tree,
      Supplier<ApplyPipeline> pipelines,
      ApplyPipeline.Options options,
      CycleEvents events,
      WakeQueue wakes,
      Ledger ledger,
      Duration retryDelay,
      Clock clock) {
    this.sync = sync;
    this.tree = tree;
    this.pipelines = pipelines;
    this.options = options;
    this.events = events;
    this.wakes = wakes;
    this.ledger = ledger;
    this.retryDelay = retryDelay;
    this.clock = clock;
  }

  Optional<Instant> lastSync() {
    return Optional.ofNullable(lastSync);
  }

  Optional<ApplyRun> lastRun() {
    return Optional.ofNullable(lastRun);
  }

  Optional<WorkFailure> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  long applies() {
    return applies.get();
  }

  /** One cycle: sync, then run the revision when forced or the ledger says it needs a run. */
  void run(List<Wake> woken) {
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
    Options runOptions = options;
    String trigger = CycleChoice.trigger(woken);
    if (!after.force() && !ledger.needsRun(desired.revision(), after.moved())) {
      woken.stream()
          .filter(w -> w.commit().isPresent())
          .findFirst()
          .ifPresent(w -> log.info("{}: revision already applied, no run", w.reason()));
      List<String> back = ledger.nodesAway() ? returned(desired) : List.of();
      if (back.isEmpty()) {
        return;
      }
      log.info("{} node(s) that missed this revision answer again: {}", back.size(), back);
      runOptions = options.selecting(back);
      trigger = CatchUp.trigger(back);
    }
    if (!woken.isEmpty()) {
      log.info("cycle asked for by {}", trigger);
    }
    long started = System.nanoTime();
    ApplyRun run;
    try {
      run = pipelines.get().run(desired, runOptions, trigger);
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

  /** The away nodes that answer now; a failure to look is logged, never the cycle's end. */
  private List<String> returned(DesiredTree desired) {
    try {
      return pipelines.get().returned(desired, options.parallelism());
    } catch (RuntimeException e) {
      log.warn("looking for nodes that came back failed: {}", WorkFailure.reason(e));
      return List.of();
    }
  }

  void failed(String subject, Throwable e) {
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
}
