<#-- One critical or high alert, as plain text (e-mail body, webhook "text"). -->
[${level?upper_case}] ${subject}
<#list details as d>
  - ${d}
</#list>

Fleet ${fleet}, node ${node}, ${kind}. Sent by trueup at ${at}.
