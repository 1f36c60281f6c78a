package dev.trueup.store;

import java.time.Instant;
import java.util.Optional;

/** The desired revision last applied in full to a node, and by which run. */
public record AppliedRevision(
    String node, String desiredRevision, Instant appliedAt, Optional<Long> runId) {}
