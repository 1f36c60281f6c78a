package dev.trueup.resolve;

import dev.trueup.load.YamlList;
import dev.trueup.load.YamlMap;
import dev.trueup.load.YamlNode;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.DriftAction;
import dev.trueup.model.Policy;
import dev.trueup.model.PolicyRule;
import dev.trueup.model.RuleMatch;
import dev.trueup.model.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds policy.yaml over the built-in defaults. */
final class PolicyBinder {
  private final Fields fields;

  PolicyBinder(Fields fields) {
    this.fields = fields;
  }

  Policy bind(Optional<YamlMap> doc, List<String> environments) {
    if (doc.isEmpty()) {
      return Policy.defaults();
    }
    YamlMap p = doc.get();
    Map<ChangeClass, Verdict> matrix = new EnumMap<>(Policy.defaultMatrix());
    LayerMerge.child(p, "matrix")
        .entries()
        .values()
        .forEach(
            e ->
                fields
                    .text(LayerMerge.child(p, "matrix"), e.key())
                    .ifPresent(
                        v -> matrix.put(ChangeClass.fromYaml(e.key()), Verdict.fromYaml(v))));
    Map<String, DriftAction> drift = new HashMap<>(Policy.defaults().liveDrift());
    DriftAction driftDefault = Policy.defaults().liveDriftDefault();
    YamlMap live = LayerMerge.child(p, "liveDrift");
    for (YamlMap.Entry e : live.entries().values()) {
      DriftAction action = DriftAction.fromYaml(fields.text(live, e.key(), "flag"));
      if (e.key().equals("default")) {
        driftDefault = action;
      } else if (!environments.contains(e.key())) {
        fields.error(
            "ref.environment",
            e.keyLocation(),
            "liveDrift." + e.key(),
            "environment '" + e.key() + "' is not declared in fleet.yaml",
            "declared: " + String.join(", ", environments));
      } else {
        drift.put(e.key(), action);
      }
    }
    double maxDelete = fields.number(p, "maxDeleteFraction", "maxDeleteFraction").orElse(0.5);
    List<PolicyRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    if (p.get("rules").orElse(null) instanceof YamlList list) {
      int i = 0;
      for (YamlNode item : list.items()) {
        String path = "rules[" + i + "]";
        if (item instanceof YamlMap r) {
          String name = fields.text(r, "name", "rule-" + (i + 1));
          if (!names.add(name)) {
            fields.error(
                "policy.rule-name",
                r.get("name").map(YamlNode::location).orElse(r.location()),
                path + ".name",
                "rule name '" + name + "' is used twice");
          }
          Map<String, String> match = new LinkedHashMap<>();
          YamlMap m = LayerMerge.child(r, "match");
          m.entries().keySet().forEach(k -> fields.text(m, k).ifPresent(v -> match.put(k, v)));
          m.get("environment")
              .ifPresent(
                  at -> {
                    String env = fields.text(m, "environment", "");
                    if (!env.contains("*") && !env.contains("?") && !environments.contains(env)) {
                      fields.error(
                          "ref.environment",
                          at.location(),
                          path + ".match.environment",
                          "environment '" + env + "' is not declared in fleet.yaml",
                          "declared: " + String.join(", ", environments));
                    }
                  });
          if (r.get("class").isEmpty() && r.get("verdict").isEmpty()) {
            fields.error(
                "policy.rule-effect",
                r.location(),
                path,
                "rule '" + name + "' sets neither class nor verdict");
          }
          rules.add(
              new PolicyRule(
                  name,
                  new RuleMatch(match),
                  fields.text(r, "class").map(ChangeClass::fromYaml),
                  fields.text(r, "verdict").map(Verdict::fromYaml),
                  Fields.origins(r.location(), r)));
        }
        i++;
      }
    }
    return new Policy(matrix, drift, driftDefault, maxDelete, rules);
  }
}
