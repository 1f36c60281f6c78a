package dev.trueup.driver.kubernetes.model;

import dev.trueup.model.AlertRule;
import dev.trueup.model.value.DurationText;
import dev.trueup.render.PromQlNodeSelector;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A node's alert thresholds as one PrometheusRule (monitoring.coreos.com/v1, the Prometheus
 * Operator's CRD): one alerting rule per metric and level, with the same names, expressions and
 * labels as the rule files the ssh driver writes. Pure.
 */
public final class PrometheusRules {

  private PrometheusRules() {}

  /** The PrometheusRule of a node, or empty when it has no thresholds. */
  public static Optional<GenericKubernetesResource> prometheusRule(
      String node, List<AlertRule> alerts) {
    if (alerts.isEmpty()) {
      return Optional.empty();
    }
    List<Map<String, Object>> rules = new ArrayList<>();
    for (AlertRule rule : alerts) {
      String op = rule.direction().operator();
      rule.levels()
          .forEach(
              (level, threshold) -> {
                String value = number(threshold);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("alert", rule.metric().replaceAll("[^A-Za-z0-9_]", "_") + "_" + level.yaml());
                r.put(
                    "expr",
                    "("
                        + PromQlNodeSelector.select(rule.expression(), rule.nodeLabel(), node)
                        + ") "
                        + op
                        + " "
                        + value);
                rule.forDuration().ifPresent(d -> r.put("for", DurationText.render(d)));
                r.put(
                    "labels",
                    new java.util.TreeMap<>(
                        Map.of("severity", level.yaml(), "level", level.yaml(), "node", node)));
                r.put(
                    "annotations",
                    Map.of(
                        "summary",
                        rule.metric()
                            + (op.equals(">") ? " above " : " below ")
                            + value
                            + " on "
                            + node));
                rules.add(r);
              });
    }
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", "trueup-" + node);
    group.put("rules", rules);
    TreeMap<String, String> labels = new TreeMap<>(Labels.owned(node));
    return Optional.of(
        new GenericKubernetesResourceBuilder()
            .withApiVersion(KubeKind.PROMETHEUS_RULE.apiVersion())
            .withKind(KubeKind.PROMETHEUS_RULE.kind())
            .withNewMetadata()
            .withName("trueup-" + node)
            .withLabels(labels)
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("groups", List.of(group))))
            .build());
  }

  private static String number(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
