package dev.trueup.engine;

import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.Note;
import dev.trueup.plan.NodePlan;
import dev.trueup.policy.ChangeKey;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an apply run left a node carrying, resource by resource, for the store's converged record:
 * the resources the plan found already as desired and those whose change was applied, with their
 * desired fingerprints; the resources it deleted. This is what makes a resource trueup never had to
 * write (an adopted node) watched for live drift from its first apply on. Pure.
 *
 * @param nothingToDo the node was observed and matched desired state entirely
 */
record Converged(Map<String, String> carried, Set<String> removed, boolean nothingToDo) {

  static final Converged NONE = new Converged(Map.of(), Set.of(), false);

  /**
   * The node's record, or {@link #NONE} when nothing can be said: not observed, or its apply was
   * interrupted or left to another run (its state is not known).
   */
  static Converged of(NodePlan plan, DesiredNode desired, Optional<NodeApplyResult> result) {
    if (!plan.observed() || desired == null) {
      return NONE;
    }
    if (result.isPresent()
        && (result.get().outcome() == NodeApplyResult.Outcome.INTERRUPTED
            || result.get().outcome() == NodeApplyResult.Outcome.DEFERRED)) {
      return NONE;
    }
    Set<String> changed = new HashSet<>();
    plan.changes().forEach(c -> changed.add(key(c)));
    // A resource a note is about was not compared (no systemd, engine unreachable): unknown.
    Set<String> unknown = new HashSet<>();
    for (Note n : plan.notes()) {
      unknown.add(n.resource());
    }
    Set<String> applied = new HashSet<>();
    Set<String> removed = new HashSet<>();
    result.ifPresent(
        r -> {
          for (ChangeResult c : r.changes()) {
            if (c.status() == ChangeResult.Status.APPLIED) {
              String k = c.kind().json() + ":" + c.id();
              (c.action() == Action.DELETE ? removed : applied).add(k);
            }
          }
        });
    Map<String, String> carried = new HashMap<>();
    for (DesiredResource r : desired.resources()) {
      String k = r.kind().json() + ":" + r.id();
      if (unknown.contains(r.id())) {
        continue;
      }
      if (!changed.contains(k) || applied.contains(k)) {
        carried.put(k, ChangeKey.fingerprint(r));
      }
    }
    return new Converged(
        Map.copyOf(carried),
        Set.copyOf(removed),
        plan.changes().isEmpty() && plan.notes().isEmpty());
  }

  private static String key(Change c) {
    return c.kind().json() + ":" + c.id();
  }
}
