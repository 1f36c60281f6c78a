trueup monthly report for ${fleet}: ${month}
${from} – ${to} (${zone})

Availability (drift checks that reached each node)
<#list environments as e>
  ${e.name}: <#if e.checks == 0>no drift checks ran<#else>${e.percent}% of ${e.checks} node checks<#if e.away?has_content>; not reached: ${e.away}</#if></#if>
</#list>

Changes applied: ${applied.total}<#if applied.total gt 0> (<#list applied.byClass as c>${c.name} ${c.count}<#sep>, </#list>)</#if>
Drift: ${drift.checks} checks found ${drift.changes} drifted resource(s) on ${drift.nodes} node(s); ${drift.reverted} put back

Approvals requested: ${approvals.requested}<#if approvals.requested gt 0> (approved ${approvals.approved}, rejected ${approvals.rejected}, expired ${approvals.expired}, still open ${approvals.pending})</#if>
<#if approvals.decided gt 0>
  waited for a decision: median ${approvals.median}, longest ${approvals.longest}
</#if>

Alerts fired: ${alerts.total}<#if alerts.total gt 0> (<#list alerts.byLevel as l>${l.name} ${l.count}<#sep>, </#list>)</#if>
<#list alerts.top as a>
  - ${a.subject}: ${a.count} time(s)
</#list>
