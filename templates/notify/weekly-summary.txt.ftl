trueup weekly summary for ${fleet}
${from} – ${to} (${zone})

This week: ${counts.critical} critical, ${counts.high} high, ${counts.medium} medium, ${counts.low} low.

<#if nodes?has_content>
Runs:
<#list nodes as n>
<#list n.events as e>
  - ${e.subject}
<#list e.details as d>
      ${d}
</#list>
</#list>
</#list>
<#else>
No runs were recorded this week.
</#if>
