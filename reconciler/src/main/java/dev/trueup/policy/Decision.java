package dev.trueup.policy;

import dev.trueup.model.Verdict;

/**
 * Policy applied to one change: the verdict the matrix (or a rule, or the live-drift setting) gives
 * its class, and the step that follows from it now. {@code reason} is for people only.
 */
public record Decision(Verdict verdict, Classification classification, Step step, String reason) {}
