package dev.trueup.engine;

import dev.trueup.live.Reachability;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.policy.ApplyTiming;
import dev.trueup.policy.Decision;
import dev.trueup.policy.Step;
import dev.trueup.source.DesiredTree;
import dev.trueup.store.NodeContact;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Nodes that were away when a run reached for them (a laptop asleep, a box rebooting) and missed a
 * revision: serve looks for them on every poll and applies what they missed, by the same policy,
 * once they answer, instead of waiting for the next commit or the failed run's backoff.
 *
 * <p>A catch-up run is an apply run of those nodes only, so the ledger does not count it as the
 * revision's run: the rest of the fleet keeps its own retry.
 */
public final class CatchUp {
  private CatchUp() {}

  /** How a catch-up run's trigger starts. */
  static final String TRIGGER = "catch-up";

  static boolean isCatchUp(Run run) {
    return run.trigger().startsWith(TRIGGER);
  }

  static String trigger(List<String> nodes) {
    return TRIGGER + " " + String.join(",", nodes);
  }

  /**
   * What a run learned of each node it tried to observe; nodes the desired state no longer has are
   * forgotten (removing one moves the revision, so an apply run always comes by to do it).
   */
  static void record(Store store, Plan plan, DesiredState state) {
    Set<String> gone = new LinkedHashSet<>();
    store.nodeContacts().away().forEach(c -> gone.add(c.node()));
    store.nodeContacts().deferred().forEach(c -> gone.add(c.node()));
    for (String node : gone) {
      if (!state.nodes().containsKey(node)) {
        store.nodeContacts().forget(node);
      }
    }
    Instant now = store.now();
    for (NodePlan node : plan.nodes()) {
      switch (node.reachability()) {
        case Reachability.Observed o -> {
          store.nodeContacts().seen(node.node());
          recordDeferral(store, node, state.nodes().get(node.node()), now);
        }
        case Reachability.Unreachable u -> store.nodeContacts().missed(node.node(), u.reason());
        case Reachability.HostKeyRejected h ->
            store
                .nodeContacts()
                .missed(node.node(), "host key " + h.presented() + " is not one pinned");
      }
    }
  }

  /**
   * Whether busy checks hold changes of the node back, and since when; a deferral older than the
   * node's maxDefer is marked told once (this run raises the alert, {@code Deferrals}).
   */
  private static void recordDeferral(Store store, NodePlan plan, Node node, Instant now) {
    Set<String> why = new LinkedHashSet<>();
    Optional<Instant> opens = Optional.empty();
    for (int i = 0; i < plan.changes().size(); i++) {
      Optional<Decision> d = plan.decision(i);
      if (d.isEmpty()) {
        continue;
      }
      Step step = d.get().step();
      if (step == Step.DEFERRED || step == Step.REVERT_DEFERRED) {
        why.add(d.get().reason());
      } else if (node != null
          && (step == Step.WAIT_FOR_WINDOW || step == Step.REVERT_WAITS_FOR_WINDOW)) {
        Optional<Instant> next =
            ApplyTiming.nextOpening(node.timing(), d.get().classification().changeClass(), now);
        if (next.isPresent() && (opens.isEmpty() || next.get().isBefore(opens.get()))) {
          opens = next;
        }
      }
    }
    store.nodeContacts().waitsForWindow(plan.node(), opens);
    if (why.isEmpty()) {
      store.nodeContacts().notDeferred(plan.node());
      return;
    }
    store.nodeContacts().deferred(plan.node(), String.join("; ", why));
    Optional<NodeContact> contact = store.nodeContacts().get(plan.node());
    if (node != null
        && contact.isPresent()
        && overdue(contact.get(), node.timing().maxDefer(), now)
        && contact.get().deferralTold().isEmpty()) {
      store.nodeContacts().deferralTold(plan.node());
    }
  }

  /** A deferral that has lasted longer than {@code maxDefer}. */
  static boolean overdue(NodeContact contact, Duration maxDefer, Instant now) {
    return contact
        .deferredSince()
        .map(since -> Duration.between(since, now).compareTo(maxDefer) > 0)
        .orElse(false);
  }

  /**
   * The nodes owed a catch-up now, observed (read only) to find out, their contact recorded either
   * way: away nodes that answer and are behind the tree's revision, and deferred nodes whose busy
   * checks let a change through now, or whose deferral just outlasted its maxDefer (the run raises
   * the alert). Empty at once when no node is away or deferred, so a fleet that is all there pays
   * nothing for this on a poll.
   */
  static List<String> returned(Store store, PlanPipeline reader, DesiredTree tree) {
    Set<String> away = new LinkedHashSet<>();
    for (NodeContact c : store.nodeContacts().away()) {
      away.add(c.node());
    }
    Map<String, NodeContact> deferred = new LinkedHashMap<>();
    for (NodeContact c : store.nodeContacts().deferred()) {
      deferred.put(c.node(), c);
    }
    // A node whose window has opened is looked at like a deferred one: what waited may go now.
    for (NodeContact c : store.nodeContacts().windowDue()) {
      deferred.putIfAbsent(c.node(), c);
    }
    if (away.isEmpty() && deferred.isEmpty()) {
      return List.of();
    }
    Set<String> looked = new LinkedHashSet<>(away);
    looked.addAll(deferred.keySet());
    PlanRun planned = reader.run(tree, Selection.of(looked, Set.of(), Set.of()));
    if (planned.plan().isEmpty()) {
      // An invalid revision, or an away node it no longer has: the next apply run settles both.
      return List.of();
    }
    Plan plan = planned.plan().get();
    DesiredState state = planned.validation().state().orElseThrow();
    List<String> back = new ArrayList<>();
    Instant now = store.now();
    for (NodePlan node : plan.nodes()) {
      NodeContact contact = deferred.get(node.node());
      if (contact == null || !(node.reachability() instanceof Reachability.Observed)) {
        continue;
      }
      boolean letThrough =
          java.util.stream.IntStream.range(0, node.changes().size())
              .anyMatch(i -> node.decision(i).map(d -> d.step().applies()).orElse(false));
      Node desired = state.nodes().get(node.node());
      boolean toTell =
          desired != null
              && contact.deferralTold().isEmpty()
              && overdue(contact, desired.timing().maxDefer(), now);
      if (letThrough || toTell) {
        back.add(node.node());
      }
    }
    // Recorded after the deferrals were read: a plan that finds nothing deferred clears them.
    record(store, plan, state);
    for (NodePlan node : plan.nodes()) {
      if (!away.contains(node.node()) || back.contains(node.node())) {
        continue;
      }
      boolean behind =
          store
              .appliedRevisions()
              .get(node.node())
              .map(r -> !r.desiredRevision().equals(plan.desiredRevision()))
              .orElse(true);
      if (node.reachability() instanceof Reachability.Observed && behind) {
        back.add(node.node());
      }
    }
    return back;
  }
}
