package dev.trueup.model;

import java.util.Optional;

/** A policy.yaml rule: when it matches, it raises the class, sets the verdict, or both. */
public record PolicyRule(
    String name,
    RuleMatch match,
    Optional<ChangeClass> changeClass,
    Optional<Verdict> verdict,
    Origins origins) {}
