package dev.trueup.policy;

import dev.trueup.model.PolicyRule;
import dev.trueup.model.RuleMatch;
import dev.trueup.render.ResourceKind;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a policy rule's {@code match:} globs are tested against. */
record RuleTarget(String node, ResourceKind kind, ChangeContext context) {

  boolean matches(RuleMatch match) {
    for (Map.Entry<String, String> e : match.patterns().entrySet()) {
      if (!matches(e.getKey(), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private boolean matches(String key, String glob) {
    return switch (key) {
      case "node" -> RuleMatch.globMatches(glob, node);
      case "environment" -> RuleMatch.globMatches(glob, context.environment());
      // The schema's list of kinds is ResourceKind's JSON names, exactly (RuleKindTest holds it).
      case "kind" -> glob.equals(kind.json());
      case "service" -> context.service().filter(s -> RuleMatch.globMatches(glob, s)).isPresent();
      case "group" -> any(glob, context.groups());
      case "secret" -> any(glob, context.secretRefs());
      default -> false; // the loader rejects unknown keys; an unknown one never matches
    };
  }

  private static boolean any(String glob, Collection<String> values) {
    return values.stream().anyMatch(v -> RuleMatch.globMatches(glob, v));
  }

  /** The first rule that matches and sets a class. */
  Optional<PolicyRule> firstClassRule(List<PolicyRule> rules) {
    return rules.stream()
        .filter(r -> r.changeClass().isPresent() && matches(r.match()))
        .findFirst();
  }

  /** The first rule that matches and sets a verdict. */
  Optional<PolicyRule> firstVerdictRule(List<PolicyRule> rules) {
    return rules.stream().filter(r -> r.verdict().isPresent() && matches(r.match())).findFirst();
  }
}
