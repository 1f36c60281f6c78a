package dev.trueup.store;

import dev.trueup.plan.Plan;
import java.time.Instant;
import java.util.Optional;

/** A plan as the store keeps it: its JSON, read back into the value. */
public record StoredPlan(long id, Optional<Long> runId, Instant createdAt, Plan plan) {}
