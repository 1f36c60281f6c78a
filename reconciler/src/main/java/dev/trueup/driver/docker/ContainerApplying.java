package dev.trueup.driver.docker;

import dev.trueup.apply.ApplyJournal;
import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.ChangeResult.Status;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.apply.NodeApplyResult.Outcome;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.driver.docker.model.ContainerAction;
import dev.trueup.driver.docker.model.ContainerChange;
import dev.trueup.driver.docker.model.ContainerField;
import dev.trueup.driver.docker.model.ContainerOutcome;
import dev.trueup.driver.docker.model.DesiredContainer;
import dev.trueup.driver.docker.model.DesiredContainerResource;
import dev.trueup.driver.docker.model.LiveContainers;
import dev.trueup.live.Reachability;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.ResourceKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node applier that also applies the node's container changes: first the file changes through the
 * wrapped applier, then, when those went through, each container change through the docker driver
 * ({@link ContainerApplier}: secrets resolved at create time, the previous container kept until the
 * new one is healthy and restored when it is not). One result for the node: a container rolled back
 * makes the node ROLLED_BACK, a failed one FAILED; the changes after a failure are skipped.
 * Container changes are re-checked against the engine right before they are made.
 */
public final class ContainerApplying implements NodeApplier {

  private final NodeApplier files;
  private final NodeEngines engines;
  private final ContainerApplier containers;

  public ContainerApplying(NodeApplier files, NodeEngines engines, ContainerApplier containers) {
    this.files = files;
    this.engines = engines;
    this.containers = containers;
  }

  /**
   * The host's own checks (its applier's), then each container service that declares a check: the
   * engine's health status, or the check run once in the container when the engine schedules none.
   * A container that is missing or not running fails its check; so does every one when the engine
   * cannot be reached.
   */
  @Override
  public List<dev.trueup.apply.HealthAnswer> healthNow(Node node) {
    List<dev.trueup.apply.HealthAnswer> answers = new ArrayList<>(files.healthNow(node));
    // By service name, which is what the samples are recorded under (the container's is longer).
    java.util.Map<String, DesiredContainer> checked = new java.util.TreeMap<>();
    node.services()
        .values()
        .forEach(
            s -> {
              if (s.runtime() == dev.trueup.model.Runtime.CONTAINER
                  && s.image().isPresent()
                  && s.health().isPresent()) {
                checked.put(s.name(), DesiredContainer.of(node.name(), s));
              }
            });
    if (checked.isEmpty()) {
      return answers;
    }
    EngineConnection engine;
    LiveContainers live;
    try {
      engine = engines.connect(node);
      live =
          new ContainerObserver()
              .observe(engine, checked.values().stream().map(DesiredContainer::name).toList());
    } catch (IOException | RuntimeException e) {
      return failingAll(answers, checked.keySet(), engineFailure(node, e));
    }
    if (!live.observed()) {
      return failingAll(answers, checked.keySet(), unobserved(live));
    }
    for (var entry : checked.entrySet()) {
      DesiredContainer c = entry.getValue();
      Optional<String> why;
      try {
        why =
            Optional.ofNullable(live.managed().get(c.name()))
                .map(l -> HealthWait.now(engine, l.id(), c))
                .orElse(Optional.of("no container " + c.name() + " on the engine"));
      } catch (RuntimeException e) {
        why = Optional.of(engineFailure(node, e));
      }
      answers.add(new dev.trueup.apply.HealthAnswer(entry.getKey(), why.isEmpty(), why));
    }
    return answers;
  }

  private static List<dev.trueup.apply.HealthAnswer> failingAll(
      List<dev.trueup.apply.HealthAnswer> answers, java.util.Set<String> services, String why) {
    services.forEach(
        s -> answers.add(new dev.trueup.apply.HealthAnswer(s, false, Optional.of(why))));
    return answers;
  }

  private static String engineFailure(Node node, Exception e) {
    return "container engine " + NodeEngines.where(node) + ": " + e.getMessage();
  }

  private static String unobserved(LiveContainers live) {
    return live.reachability() instanceof Reachability.Unreachable u
        ? u.reason()
        : "container engine could not be observed";
  }

  @Override
  public NodeApplyResult apply(
      Node node, DesiredNode desired, List<Change> changes, ApplyJournal journal) {
    List<Change> fileChanges =
        changes.stream().filter(c -> c.kind() != ResourceKind.CONTAINER).toList();
    List<Change> containerChanges =
        changes.stream()
            .filter(c -> c.kind() == ResourceKind.CONTAINER)
            .sorted(Change.APPLY_ORDER)
            .toList();
    NodeApplyResult first = files.apply(node, desired, fileChanges, journal);
    if (containerChanges.isEmpty()) {
      return first;
    }
    long start = System.nanoTime();
    List<ChangeResult> results = new ArrayList<>(first.changes());
    if (first.outcome() != Outcome.APPLIED && first.outcome() != Outcome.NO_CHANGES) {
      containerChanges.forEach(
          c ->
              results.add(
                  ChangeResult.of(
                      c, Status.SKIPPED, first.reason().orElse("an earlier change failed"))));
      return new NodeApplyResult(
          first.node(),
          first.outcome(),
          results,
          first.reason(),
          first.rollback(),
          first.elapsed());
    }
    EngineConnection engine;
    LiveContainers live;
    try {
      engine = engines.connect(node);
      List<String> names =
          desired.resources().stream()
              .filter(r -> r instanceof DesiredContainerResource)
              .map(r -> r.id())
              .toList();
      live = new ContainerObserver().observe(engine, names);
    } catch (IOException | RuntimeException e) {
      return failedAll(first, results, containerChanges, engineFailure(node, e), start);
    }
    if (!live.observed()) {
      return failedAll(first, results, containerChanges, unobserved(live), start);
    }
    Outcome outcome = Outcome.APPLIED;
    Optional<String> reason = Optional.empty();
    for (Change c : containerChanges) {
      if (outcome != Outcome.APPLIED) {
        results.add(ChangeResult.of(c, Status.SKIPPED, "an earlier change failed"));
        continue;
      }
      long id = journal.begin(node.name(), ChangeResult.key(c), c.action());
      ContainerOutcome done = applyOne(engine, node, desired, c, live);
      Status status =
          switch (done.status()) {
            case APPLIED -> Status.APPLIED;
            case ROLLED_BACK -> Status.ROLLED_BACK;
            case FAILED, CONFLICT -> Status.FAILED;
          };
      if (status == Status.APPLIED) {
        journal.completed(id);
        results.add(ChangeResult.of(c, status, null));
      } else {
        journal.failed(
            id, status.name().toLowerCase(java.util.Locale.ROOT) + ": " + done.message());
        results.add(ChangeResult.of(c, status, done.message()));
        outcome = status == Status.ROLLED_BACK ? Outcome.ROLLED_BACK : Outcome.FAILED;
        reason = Optional.of(c.id() + ": " + done.message());
      }
    }
    return new NodeApplyResult(
        node.name(),
        outcome,
        results,
        reason,
        first.rollback(),
        first.elapsed().plus(Duration.ofNanos(System.nanoTime() - start)));
  }

  /**
   * One change, decided again against what the engine runs now: a container gone since the plan is
   * created rather than recreated, and one already deleted needs nothing.
   */
  private ContainerOutcome applyOne(
      EngineConnection engine, Node node, DesiredNode desired, Change c, LiveContainers live) {
    boolean exists = live.managed().containsKey(c.id());
    if (c.action() == Action.DELETE) {
      if (!exists) {
        return new ContainerOutcome(
            c.id(),
            ContainerAction.DELETE,
            ContainerOutcome.Status.APPLIED,
            "already gone",
            Duration.ZERO);
      }
      return containers.delete(engine, live.managed().get(c.id()));
    }
    Optional<DesiredContainer> spec =
        desired
            .find(c.kind(), c.id())
            .filter(r -> r instanceof DesiredContainerResource)
            .map(r -> ((DesiredContainerResource) r).spec());
    if (spec.isEmpty()) {
      return new ContainerOutcome(
          c.id(),
          c.action() == Action.CREATE ? ContainerAction.CREATE : ContainerAction.RECREATE,
          ContainerOutcome.Status.FAILED,
          "not in the desired state of the node",
          Duration.ZERO);
    }
    ContainerAction action = exists ? ContainerAction.RECREATE : ContainerAction.CREATE;
    List<ContainerField> fields =
        c.fields().stream().map(f -> new ContainerField(f.field(), f.desired(), f.live())).toList();
    return containers.apply(
        engine, node, new ContainerChange(c.id(), action, fields), spec.get(), live);
  }

  private static NodeApplyResult failedAll(
      NodeApplyResult first,
      List<ChangeResult> results,
      List<Change> containerChanges,
      String why,
      long start) {
    containerChanges.forEach(c -> results.add(ChangeResult.of(c, Status.FAILED, why)));
    return new NodeApplyResult(
        first.node(),
        Outcome.FAILED,
        results,
        Optional.of(why),
        first.rollback(),
        first.elapsed().plus(Duration.ofNanos(System.nanoTime() - start)));
  }

  @Override
  public void close() {
    files.close();
  }
}
