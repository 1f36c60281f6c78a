package dev.trueup.plan;

import dev.trueup.backend.Differ;
import dev.trueup.backend.Renderer;
import dev.trueup.diff.Change;
import dev.trueup.diff.NodeDiff;
import dev.trueup.live.Reachability;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a plan: render each selected node, diff it against what was observed, order the result.
 * Pure apart from the renderer's injected file reads; no clock, no randomness, nothing depends on
 * map iteration order.
 */
public final class Planner {
  private static final Comparator<Change> CHANGE_ORDER =
      Comparator.comparing(Change::kind).thenComparing(Change::id);

  private final Renderer renderer;

  public Planner(Renderer renderer) {
    this.renderer = renderer;
  }

  /** The selected nodes rendered, in plan order (environment promotion order, then name). */
  public Map<String, DesiredNode> render(DesiredState desired, Selection selection) {
    Map<String, DesiredNode> out = new LinkedHashMap<>();
    for (Node node : selected(desired, selection)) {
      out.put(node.name(), renderer.render(node, desired));
    }
    return out;
  }

  public Plan plan(
      DesiredState desired, Map<String, LiveNode> live, Selection selection, String revision) {
    return plan(desired, render(desired, selection), live, selection, revision);
  }

  /** Plans from nodes already rendered (the pipeline renders once to know what to observe). */
  public Plan plan(
      DesiredState desired,
      Map<String, DesiredNode> rendered,
      Map<String, LiveNode> live,
      Selection selection,
      String revision) {
    List<NodePlan> plans = new ArrayList<>();
    for (Node node : selected(desired, selection)) {
      DesiredNode desiredNode = rendered.get(node.name());
      if (desiredNode == null) {
        desiredNode = renderer.render(node, desired);
      }
      LiveNode observed =
          live.getOrDefault(
              node.name(),
              LiveNode.unreachable(node.name(), new Reachability.Unreachable("not observed")));
      NodeDiff diff = Differ.compare(desiredNode, observed);
      plans.add(
          new NodePlan(
              node.name(),
              node.environment(),
              node.groups(),
              observed.reachability(),
              diff.changes().stream().sorted(CHANGE_ORDER).toList(),
              diff.notes()));
    }
    return new Plan(revision, LiveFingerprint.of(live), plans, Summary.of(plans));
  }

  private static List<Node> selected(DesiredState desired, Selection selection) {
    return desired.nodes().values().stream()
        .filter(selection::matches)
        .sorted(
            Comparator.comparingInt((Node n) -> desired.promotionOrder(n.environment()))
                .thenComparing(Node::name))
        .toList();
  }
}
