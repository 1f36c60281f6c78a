package dev.trueup.engine;

import dev.trueup.live.Reachability;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.source.DesiredTree;
import dev.trueup.store.NodeContact;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
  static void record(Store store, Plan plan, java.util.Set<String> nodesOfTheState) {
    for (NodeContact c : store.nodeContacts().away()) {
      if (!nodesOfTheState.contains(c.node())) {
        store.nodeContacts().forget(c.node());
      }
    }
    for (NodePlan node : plan.nodes()) {
      switch (node.reachability()) {
        case Reachability.Observed o -> store.nodeContacts().seen(node.node());
        case Reachability.Unreachable u -> store.nodeContacts().missed(node.node(), u.reason());
        case Reachability.HostKeyRejected h ->
            store
                .nodeContacts()
                .missed(node.node(), "host key " + h.presented() + " is not one pinned");
      }
    }
  }

  /**
   * The away nodes that answer now and are behind the tree's revision: observed (read only) to find
   * out, and their contact recorded either way. Empty at once when no node is away, so a fleet that
   * is all there pays nothing for this on a poll.
   */
  static List<String> returned(Store store, PlanPipeline reader, DesiredTree tree) {
    Set<String> away = new LinkedHashSet<>();
    for (NodeContact c : store.nodeContacts().away()) {
      away.add(c.node());
    }
    if (away.isEmpty()) {
      return List.of();
    }
    PlanRun planned = reader.run(tree, Selection.of(away, Set.of(), Set.of()));
    if (planned.plan().isEmpty()) {
      // An invalid revision, or an away node it no longer has: the next apply run settles both.
      return List.of();
    }
    Plan plan = planned.plan().get();
    record(store, plan, planned.validation().state().orElseThrow().nodes().keySet());
    List<String> back = new ArrayList<>();
    for (NodePlan node : plan.nodes()) {
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
