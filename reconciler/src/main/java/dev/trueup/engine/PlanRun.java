package dev.trueup.engine;

import dev.trueup.plan.Plan;
import dev.trueup.render.DesiredNode;
import dev.trueup.validate.ValidationReport;
import java.util.Map;
import java.util.Optional;

/**
 * A plan run: the validation of the revision, and when it was valid the decided plan with the
 * rendered nodes it was computed from (apply writes exactly those).
 */
public record PlanRun(
    ValidationReport validation, Optional<Plan> plan, Map<String, DesiredNode> rendered) {

  public PlanRun {
    rendered = Map.copyOf(rendered);
  }

  public static PlanRun invalid(ValidationReport validation) {
    return new PlanRun(validation, Optional.empty(), Map.of());
  }
}
