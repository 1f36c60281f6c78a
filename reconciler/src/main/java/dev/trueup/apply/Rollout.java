package dev.trueup.apply;

import dev.trueup.apply.ChangeResult.Status;
import dev.trueup.apply.NodeApplyResult.Outcome;
import dev.trueup.diff.Change;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Applies many nodes: in the order given (the caller orders by environment), at most {@code
 * parallelism} at once, each isolated from the others (a node that fails or throws affects only its
 * own result), and no new node started once the failure threshold is crossed; those are reported
 * {@link Outcome#SKIPPED}.
 */
public final class Rollout {

  /** One node's share of the rollout. */
  public record NodeTask(Node node, DesiredNode desired, List<Change> changes) {
    public NodeTask {
      changes = List.copyOf(changes);
    }
  }

  /**
   * When to stop starting nodes: once more than {@code maxFailed} nodes, or more than {@code
   * maxFraction} of all nodes, have failed.
   */
  public record FailureThreshold(int maxFailed, double maxFraction) {
    public static FailureThreshold none() {
      return new FailureThreshold(Integer.MAX_VALUE, 1.0);
    }

    public boolean crossed(int failed, int total) {
      return failed > maxFailed || (total > 0 && failed > maxFraction * total);
    }
  }

  /** Every node's result in the given order, and why the rollout stopped early, if it did. */
  public record Result(List<NodeApplyResult> nodes, Optional<String> stopped) {
    public Result {
      nodes = List.copyOf(nodes);
    }
  }

  private final int parallelism;
  private final FailureThreshold threshold;

  public Rollout(int parallelism, FailureThreshold threshold) {
    this.parallelism = Math.max(1, parallelism);
    this.threshold = threshold;
  }

  public Result run(
      List<NodeTask> tasks, Function<Node, NodeApplier> appliers, ApplyJournal journal) {
    Semaphore slots = new Semaphore(parallelism);
    AtomicInteger failed = new AtomicInteger();
    List<Future<NodeApplyResult>> futures = new ArrayList<>();
    Optional<String> stopped = Optional.empty();
    int total = tasks.size();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (NodeTask task : tasks) {
        try {
          slots.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopped = Optional.of("interrupted");
        }
        if (stopped.isEmpty() && threshold.crossed(failed.get(), total)) {
          stopped =
              Optional.of(
                  failed.get() + " of " + total + " nodes failed: failure threshold crossed");
        }
        if (stopped.isPresent()) {
          slots.release();
          futures.add(java.util.concurrent.CompletableFuture.completedFuture(skipped(task)));
          continue;
        }
        futures.add(
            pool.submit(
                () -> {
                  try {
                    NodeApplyResult r = applyOne(task, appliers, journal);
                    if (r.failed()) {
                      failed.incrementAndGet();
                    }
                    return r;
                  } finally {
                    slots.release();
                  }
                }));
      }
      List<NodeApplyResult> out = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        out.add(await(tasks.get(i), futures.get(i)));
      }
      return new Result(out, stopped);
    }
  }

  private static NodeApplyResult applyOne(
      NodeTask task, Function<Node, NodeApplier> appliers, ApplyJournal journal) {
    long start = System.nanoTime();
    try {
      return appliers
          .apply(task.node())
          .apply(task.node(), task.desired(), task.changes(), journal);
    } catch (RuntimeException e) {
      // A driver bug stays with its node; the class name only, a message might quote content.
      return new NodeApplyResult(
          task.node().name(),
          Outcome.FAILED,
          task.changes().stream()
              .map(c -> ChangeResult.of(c, Status.SKIPPED, "apply failed"))
              .toList(),
          Optional.of("apply failed: " + e.getClass().getSimpleName()),
          Optional.empty(),
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static NodeApplyResult skipped(NodeTask task) {
    return new NodeApplyResult(
        task.node().name(),
        Outcome.SKIPPED,
        task.changes().stream()
            .map(c -> ChangeResult.of(c, Status.SKIPPED, "rollout stopped"))
            .toList(),
        Optional.of("rollout stopped at the failure threshold"),
        Optional.empty(),
        Duration.ZERO);
  }

  private static NodeApplyResult await(NodeTask task, Future<NodeApplyResult> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return skipped(task);
    } catch (ExecutionException e) {
      return skipped(task);
    }
  }
}
