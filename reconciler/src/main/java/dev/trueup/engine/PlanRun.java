package dev.trueup.engine;

import dev.trueup.plan.Plan;
import dev.trueup.validate.ValidationReport;
import java.util.Optional;

/** A plan run: the validation of the revision, and the plan when the revision was valid. */
public record PlanRun(ValidationReport validation, Optional<Plan> plan) {}
