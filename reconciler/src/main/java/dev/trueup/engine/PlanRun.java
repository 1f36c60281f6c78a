package dev.trueup.engine;

import dev.trueup.observe.LiveNode;
import dev.trueup.plan.Plan;
import dev.trueup.render.DesiredNode;
import dev.trueup.validate.ValidationReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan run: the validation of the revision, and when it was valid the decided plan with the
 * rendered nodes it was computed from (apply writes exactly those). A valid revision has no plan
 * either when the selection names what it does not have ({@code unknownSelection}).
 */
public record PlanRun(
    ValidationReport validation,
    Optional<Plan> plan,
    Map<String, DesiredNode> rendered,
    List<String> unknownSelection,
    Map<String, LiveNode> live) {

  public PlanRun {
    rendered = Map.copyOf(rendered);
    unknownSelection = List.copyOf(unknownSelection);
    live = Map.copyOf(live);
  }

  /**
   * A plan and what it was made from: the rendered nodes and what was observed of each (by node
   * name), which a node's page shows beside the plan.
   */
  public PlanRun(
      ValidationReport validation,
      Optional<Plan> plan,
      Map<String, DesiredNode> rendered,
      Map<String, LiveNode> live) {
    this(validation, plan, rendered, List.of(), live);
  }

  /** Names in the selection the desired state does not have: nothing was observed. */
  public static PlanRun unknownSelection(ValidationReport validation, List<String> names) {
    return new PlanRun(validation, Optional.empty(), Map.of(), names, Map.of());
  }

  public static PlanRun invalid(ValidationReport validation) {
    return new PlanRun(validation, Optional.empty(), Map.of(), List.of(), Map.of());
  }
}
