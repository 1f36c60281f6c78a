<#-- Prometheus alerting rules for one node's thresholds. Strings arrive already YAML-quoted. -->
# managed by trueup: do not edit
# alert thresholds of node ${node} (Prometheus alerting rules)
groups:
  - name: ${group}
    rules:
<#list rules as r>
      - alert: ${r.alert}
        expr: ${r.expr}
<#if r.for?has_content>
        for: ${r.for}
</#if>
        labels:
          severity: ${r.severity}
          level: ${r.severity}
          node: ${r.node}
          environment: ${r.environment}
        annotations:
          summary: ${r.summary}
          source: ${r.origin}
</#list>
