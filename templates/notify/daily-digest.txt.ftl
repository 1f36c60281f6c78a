trueup daily digest for ${fleet}
${from} – ${to} (${zone})

Critical: ${counts.critical}   High: ${counts.high}   Medium: ${counts.medium}   Low: ${counts.low}

<#if nodes?has_content>
What trueup did on its own:
<#list nodes as n>

${n.node}
<#list n.events as e>
  - ${e.subject} [${e.kind}]
<#list e.details as d>
      ${d}
</#list>
</#list>
</#list>
<#else>
Nothing was applied automatically and no drift was reverted.
</#if>
<#if (counts.critical + counts.high) gt 0>

${counts.critical + counts.high} critical or high alert(s) were sent as they happened.
</#if>
