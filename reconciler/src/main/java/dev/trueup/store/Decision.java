package dev.trueup.store;

import dev.trueup.model.ChangeClass;
import java.util.Optional;

/**
 * Policy applied to one change of a plan, as recorded.
 *
 * @param kind the resource kind ({@code file}, {@code unit}, ...)
 * @param rule the classification or policy rule that fired
 * @param verdict what the matrix said, e.g. {@code apply}, {@code hold}, {@code notify}
 * @param step where in a promotion the change stands, e.g. {@code staging-first}
 * @param reason for people; nothing branches on it
 */
public record Decision(
    String changeKey,
    String node,
    String kind,
    String resource,
    ChangeClass changeClass,
    Optional<String> rule,
    String verdict,
    Optional<String> step,
    String reason) {}
