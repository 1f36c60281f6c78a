package dev.trueup.engine;

import dev.trueup.apply.ApplyJournal;
import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.apply.Rollout;
import dev.trueup.diff.Change;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.policy.ChangeKey;
import dev.trueup.policy.Decision;
import dev.trueup.render.DesiredNode;
import dev.trueup.source.DesiredTree;
import dev.trueup.store.Approval;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.store.StoredPlan;
import dev.trueup.validate.Validator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * plan → decide → record → apply what the policy allows, environment by environment → verify
 * (inside each applier) → record outcomes. Holds for approval what the matrix says must wait, and
 * refuses everything when the revision is invalid, a saved plan is stale, or the desired state
 * would remove most of what trueup manages.
 */
public final class ApplyPipeline {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ApplyPipeline.class);

  /** A run whose owner has not heart-beaten for this long was killed: the next run takes over. */
  public static final Duration LEASE = Duration.ofMinutes(2);

  /** How an apply is asked for. */
  public record Options(
      Selection selection,
      boolean onlyApproved,
      boolean allowMassDelete,
      Optional<Plan> savedPlan,
      int parallelism,
      Rollout.FailureThreshold threshold) {

    /** The same options for these nodes only. */
    public Options selecting(List<String> nodes) {
      return new Options(
          Selection.of(new java.util.TreeSet<>(nodes), Set.of(), Set.of()),
          onlyApproved,
          allowMassDelete,
          savedPlan,
          parallelism,
          threshold);
    }

    /** Every node, as `trueup apply` with no flags: decided changes go out, nothing held back. */
    public static Options everything(int parallelism) {
      return new Options(
          Selection.all(),
          false,
          false,
          Optional.empty(),
          parallelism,
          Rollout.FailureThreshold.none());
    }
  }

  private final Validator validator;
  private final Function<DesiredState, Drivers> drivers;
  private final Store store;
  private final Progress progress;
  private final Duration lease;

  public ApplyPipeline(
      Validator validator,
      Function<DesiredState, Drivers> drivers,
      Store store,
      Progress progress) {
    this(validator, drivers, store, progress, LEASE);
  }

  /**
   * @param lease how long a run may go without a heartbeat before another run declares it killed
   *     (heartbeats come every quarter of it)
   */
  public ApplyPipeline(
      Validator validator,
      Function<DesiredState, Drivers> drivers,
      Store store,
      Progress progress,
      Duration lease) {
    this.validator = validator;
    this.drivers = drivers;
    this.store = store;
    this.progress = progress;
    this.lease = lease;
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("the run lease must be positive");
    }
  }

  public ApplyRun run(Path repo, Options options) {
    return run(DesiredTree.of(repo), options);
  }

  public ApplyRun run(DesiredTree repo, Options options) {
    return run(repo, options, "apply");
  }

  /**
   * @param trigger what asked for the run, as its record says ({@code apply}, {@code github push
   *     refs/heads/main 1a2b3c}, {@code poll})
   */
  public ApplyRun run(DesiredTree repo, Options options, String trigger) {
    store.runs().markInterrupted(lease);
    // The commit is recorded at once, so a revision that fails before it is planned (invalid, or
    // one that throws) is still found by the ledger, which then backs off instead of re-running it.
    Run run = store.runs().start(Run.Kind.APPLY, trigger, repo.commit().orElse(null));
    Drivers[] opened = new Drivers[1];
    try {
      // An Error too (a template that includes itself overflows the stack): the run is never left
      // "running" for the lease to find, and the caller decides whether its thread goes on.
      return RunScope.run(
          store,
          run,
          lease,
          r -> {
            ApplyRun result = run(repo, options, r, opened);
            return new RunScope.Ending<>(
                result,
                result.failed() ? Run.Status.FAILED : Run.Status.SUCCEEDED,
                summary(result));
          },
          e -> "failed: " + WorkFailure.reason(e));
    } finally {
      if (opened[0] != null) {
        opened[0].close();
      }
    }
  }

  /**
   * The nodes that were away when runs reached for them, answer now, and are behind the tree's
   * revision ({@link CatchUp}); serve applies them next.
   */
  public List<String> returned(DesiredTree repo, int parallelism) {
    return CatchUp.returned(
        store,
        new PlanPipeline(validator, drivers, parallelism, Progress.NONE, DecisionHistory.NONE),
        repo);
  }

  private ApplyRun run(DesiredTree repo, Options options, Run run, Drivers[] opened) {
    StoreHistory history = new StoreHistory(store);
    Function<DesiredState, Drivers> keepOpen =
        state -> {
          opened[0] = drivers.apply(state);
          return opened[0].keptOpen();
        };
    PlanRun planned =
        new PlanPipeline(validator, keepOpen, options.parallelism(), progress, history)
            .run(repo, options.selection());
    if (!planned.unknownSelection().isEmpty()) {
      return refused(
          run, planned, String.join("; ", planned.unknownSelection()) + ": nothing was applied");
    }
    if (planned.plan().isEmpty()) {
      return refused(run, planned, "the desired state is invalid: nothing was applied");
    }
    Plan plan = planned.plan().get();
    DesiredState state = planned.validation().state().orElseThrow();
    store.nodeContacts().planned(plan.nodes().stream().map(NodePlan::node).toList());
    store.runs().setDesiredRevision(run.id(), plan.desiredRevision());
    recoverInterrupted(run);

    Optional<String> stale =
        options.savedPlan().flatMap(saved -> ApplyRefusals.staleness(saved, plan));
    if (stale.isPresent()) {
      return refused(run, planned, stale.get());
    }
    Optional<String> massDelete =
        ApplyRefusals.massDeletion(
            plan,
            state,
            planned.rendered(),
            options.allowMassDelete(),
            store.appliedRevisions().all());
    if (massDelete.isPresent()) {
      return refused(run, planned, massDelete.get());
    }
    StoredPlan stored = store.plans().save(run.id(), plan);
    Map<String, ChangeKey> keys = keys(plan, planned.rendered());
    store.decisions().record(stored.id(), StoreRecords.decisions(plan, keys));

    List<Approval> held = new ArrayList<>();
    List<ApplyRun.Noted> notified = new ArrayList<>();
    Map<String, List<Change>> toApply = new LinkedHashMap<>();
    Set<ChangeKey> approved = history.approvals();
    for (NodePlan node : plan.nodes()) {
      store.approvals().expireStale(node.node(), plan.desiredRevision());
      for (int i = 0; i < node.changes().size(); i++) {
        Change change = node.changes().get(i);
        Decision decision = node.decision(i).orElseThrow();
        ChangeKey key = keys.get(StoreRecords.id(change));
        switch (decision.step()) {
          case APPLY_NOW, REVERT_DRIFT -> {
            if (!options.onlyApproved() || approved.contains(key)) {
              toApply.computeIfAbsent(node.node(), n -> new ArrayList<>()).add(change);
            }
          }
          case HOLD_FOR_APPROVAL, FLAG_DRIFT, WAIT_FOR_STAGING ->
              held.add(
                  store
                      .approvals()
                      .request(
                          new Approval.Request(
                              key.text(),
                              node.node(),
                              change.id(),
                              plan.desiredRevision(),
                              decision.classification().changeClass(),
                              decision.reason())));
          case NOTIFY_ONLY -> notified.add(new ApplyRun.Noted(node.node(), change, decision));
          case SNOOZED -> {
            // A person asked for this drift to be left alone until a date: nothing to do.
          }
          case WAIT_FOR_WINDOW, DEFERRED, REVERT_WAITS_FOR_WINDOW, REVERT_DEFERRED -> {
            // Applied by a later run: when a window opens, or once the node is no longer busy.
          }
        }
      }
    }
    List<NodeApplyResult> results = new ArrayList<>();
    Optional<String> stopped =
        applyByEnvironment(state, planned.rendered(), toApply, options, run, opened[0], results);
    record(run, plan, keys, results);
    recordConverged(run, plan, planned.rendered(), results);
    CatchUp.record(store, plan, state);
    reloadPrometheus(state, results);
    return new ApplyRun(
        run.id(),
        planned.validation(),
        Optional.of(plan),
        results,
        held,
        notified,
        Optional.empty(),
        stopped);
  }

  /**
   * Once a run wrote rules files, the fleet's Prometheus (alerting.prometheus) reloads them and is
   * checked to list the groups written; what it said is logged with the run.
   */
  private static void reloadPrometheus(DesiredState state, List<NodeApplyResult> results) {
    if (state.alerting().prometheus().isEmpty()) {
      return;
    }
    java.util.Set<String> groups = new java.util.TreeSet<>();
    boolean changed = false;
    for (NodeApplyResult r : results) {
      for (dev.trueup.apply.ChangeResult c : r.changes()) {
        if (c.kind() == dev.trueup.render.ResourceKind.ALERT_RULES
            && c.status() == dev.trueup.apply.ChangeResult.Status.APPLIED) {
          changed = true;
          if (c.action() != dev.trueup.diff.Action.DELETE) {
            groups.add(dev.trueup.render.Marker.PREFIX + r.node());
          }
        }
      }
    }
    if (!changed) {
      return;
    }
    String url = state.alerting().prometheus().get();
    switch (new dev.trueup.prometheus.PrometheusReload(java.time.Duration.ofSeconds(5))
        .reload(url, groups, java.time.Duration.ofSeconds(15))) {
      case dev.trueup.prometheus.PrometheusReload.Result.Reloaded ok ->
          LOG.info(
              "Prometheus reloaded its rules in {} ms: groups {} listed",
              ok.took().toMillis(),
              ok.groups());
      case dev.trueup.prometheus.PrometheusReload.Result.Failed f ->
          LOG.warn("Prometheus reload: {}", f.why());
    }
  }

  /**
   * Environments in promotion order: production starts only when staging's nodes applied and
   * verified; a failure stops the environments after it.
   */
  private Optional<String> applyByEnvironment(
      DesiredState state,
      Map<String, DesiredNode> rendered,
      Map<String, List<Change>> toApply,
      Options options,
      Run run,
      Drivers open,
      List<NodeApplyResult> results) {
    ApplyJournal journal = new StoreJournal(store.journal(), run.id());
    Rollout rollout = new Rollout(options.parallelism(), options.threshold());
    for (String environment : state.environments()) {
      List<Rollout.NodeTask> tasks = new ArrayList<>();
      for (Map.Entry<String, List<Change>> e : toApply.entrySet()) {
        Node node = state.nodes().get(e.getKey());
        if (node.environment().equals(environment)) {
          tasks.add(new Rollout.NodeTask(node, rendered.get(node.name()), e.getValue()));
        }
      }
      if (tasks.isEmpty()) {
        continue;
      }
      // Replicas working on the same revision start from different nodes, so they share the work
      // instead of queueing behind each other's locks.
      tasks.sort(Comparator.comparingInt(t -> spread(t.node().name())));
      Function<Node, NodeApplier> appliers =
          node -> new LockedApplier(open.applierFor(node), store, run);
      Rollout.Result result = rollout.run(tasks, appliers, journal);
      results.addAll(result.nodes());
      if (result.stopped().isPresent()
          || result.nodes().stream().anyMatch(NodeApplyResult::failed)) {
        String why =
            result.stopped().orElse(environment + " did not apply cleanly")
                + "; later environments were not started";
        skipLater(state, environment, toApply, results, why);
        return Optional.of(why);
      }
      long deferred =
          result.nodes().stream()
              .filter(n -> n.outcome() == NodeApplyResult.Outcome.DEFERRED)
              .count();
      if (deferred > 0) {
        // Promotion waits until every node of this environment is known to be applied.
        String why =
            deferred
                + " node(s) of "
                + environment
                + " are being changed by another run; later environments wait for the next cycle";
        skipLater(state, environment, toApply, results, why);
        return Optional.of(why);
      }
    }
    return Optional.empty();
  }

  private int spread(String node) {
    return (store.owner().replica() + "\0" + node).hashCode();
  }

  private static void skipLater(
      DesiredState state,
      String failedEnvironment,
      Map<String, List<Change>> toApply,
      List<NodeApplyResult> results,
      String why) {
    int failedAt = state.promotionOrder(failedEnvironment);
    for (Map.Entry<String, List<Change>> e : toApply.entrySet()) {
      Node node = state.nodes().get(e.getKey());
      if (state.promotionOrder(node.environment()) > failedAt) {
        List<ChangeResult> skipped =
            e.getValue().stream()
                .map(
                    c ->
                        new ChangeResult(
                            c.kind(),
                            c.id(),
                            c.action(),
                            ChangeResult.Status.SKIPPED,
                            Optional.of(why)))
                .toList();
        results.add(
            new NodeApplyResult(
                node.name(),
                NodeApplyResult.Outcome.SKIPPED,
                skipped,
                Optional.of(why),
                Optional.empty(),
                Duration.ZERO));
      }
    }
  }

  private void record(
      Run run, Plan plan, Map<String, ChangeKey> keys, List<NodeApplyResult> results) {
    for (NodeApplyResult node : results) {
      for (ChangeResult c : node.changes()) {
        ChangeKey key = keys.get(StoreRecords.id(node.node(), c.kind(), c.id()));
        store
            .outcomes()
            .record(
                run.id(),
                node.node(),
                key == null
                    ? node.node() + ":" + c.kind().json() + ":" + c.id() + "@unknown"
                    : key.text(),
                StoreRecords.result(c.status()),
                c.reason().orElse(null));
      }
      if (node.outcome() == NodeApplyResult.Outcome.APPLIED
          || node.outcome() == NodeApplyResult.Outcome.NO_CHANGES) {
        store.appliedRevisions().set(node.node(), plan.desiredRevision(), run.id());
      }
    }
  }

  /**
   * What each observed node now carries, for live drift on every resource whoever wrote it; a node
   * that matched entirely counts as applied at this revision, though nothing was written.
   */
  private void recordConverged(
      Run run, Plan plan, Map<String, DesiredNode> rendered, List<NodeApplyResult> results) {
    Map<String, NodeApplyResult> byNode = new HashMap<>();
    results.forEach(r -> byNode.put(r.node(), r));
    for (NodePlan node : plan.nodes()) {
      Converged c =
          Converged.of(
              node, rendered.get(node.node()), Optional.ofNullable(byNode.get(node.node())));
      store.convergedResources().record(run.id(), node.node(), c.carried(), c.removed());
      if (c.nothingToDo() && !byNode.containsKey(node.node())) {
        store.appliedRevisions().set(node.node(), plan.desiredRevision(), run.id());
      }
    }
  }

  /** Journal entries a killed run left open: this run re-observed and takes them over. */
  private void recoverInterrupted(Run run) {
    for (String node : store.journal().nodesToRecover()) {
      store
          .journal()
          .unfinishedForNode(node)
          .forEach(e -> store.journal().recover(e.id(), run.id()));
    }
  }

  private static Map<String, ChangeKey> keys(Plan plan, Map<String, DesiredNode> rendered) {
    Map<String, ChangeKey> out = new HashMap<>();
    for (NodePlan node : plan.nodes()) {
      DesiredNode desired = rendered.get(node.node());
      for (Change c : node.changes()) {
        out.put(
            StoreRecords.id(c),
            ChangeKey.of(c, desired == null ? Optional.empty() : desired.find(c.kind(), c.id())));
      }
    }
    return out;
  }

  private ApplyRun refused(Run run, PlanRun planned, String why) {
    return new ApplyRun(
        run.id(),
        planned.validation(),
        planned.plan(),
        List.of(),
        List.of(),
        List.of(),
        Optional.of(why),
        Optional.empty());
  }

  private static String summary(ApplyRun r) {
    if (r.refused().isPresent()) {
      return "refused: " + r.refused().get();
    }
    long applied = r.nodes().stream().mapToLong(n -> n.count(ChangeResult.Status.APPLIED)).sum();
    String text =
        applied + " applied, " + r.held().size() + " held, " + r.notified().size() + " notified";
    return r.deferred().isEmpty() ? text : text + ", " + r.deferred().size() + " deferred";
  }
}
