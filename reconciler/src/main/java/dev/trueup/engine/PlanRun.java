package dev.trueup.engine;

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
    List<String> unknownSelection) {

  public PlanRun {
    rendered = Map.copyOf(rendered);
    unknownSelection = List.copyOf(unknownSelection);
  }

  public PlanRun(
      ValidationReport validation, Optional<Plan> plan, Map<String, DesiredNode> rendered) {
    this(validation, plan, rendered, List.of());
  }

  /** Names in the selection the desired state does not have: nothing was observed. */
  public static PlanRun unknownSelection(ValidationReport validation, List<String> names) {
    return new PlanRun(validation, Optional.empty(), Map.of(), names);
  }

  public static PlanRun invalid(ValidationReport validation) {
    return new PlanRun(validation, Optional.empty(), Map.of());
  }
}
