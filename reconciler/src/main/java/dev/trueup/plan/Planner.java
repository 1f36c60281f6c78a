package dev.trueup.plan;

import dev.trueup.diff.Change;
import dev.trueup.diff.Differ;
import dev.trueup.diff.NodeDiff;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.Reachability;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.Renderer;
import java.util.ArrayList;
import java.util.Comparator;
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

  public Plan plan(
      DesiredState desired, Map<String, LiveNode> live, Selection selection, String revision) {
    List<Node> nodes =
        desired.nodes().values().stream()
            .filter(selection::matches)
            .sorted(
                Comparator.comparingInt((Node n) -> desired.promotionOrder(n.environment()))
                    .thenComparing(Node::name))
            .toList();
    List<NodePlan> plans = new ArrayList<>();
    for (Node node : nodes) {
      DesiredNode rendered = renderer.render(node, desired);
      LiveNode observed =
          live.getOrDefault(
              node.name(),
              LiveNode.unreachable(node.name(), new Reachability.Unreachable("not observed")));
      NodeDiff diff = Differ.compare(rendered, observed);
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
}
