<#-- Slack text for an alert (items has one entry) or a batch or a digest. Markup is Slack mrkdwn;
     the sender escapes &, < and > in the whole text, so values cannot inject links or mentions. -->
<#if title??>*${title}*
</#if>
<#list items as i>
<#if i.level == "critical">:rotating_light:<#elseif i.level == "high">:warning:<#else>•</#if> *${i.subject}*
<#list i.details as d>
    ${d}
</#list>
</#list>
<#if footer??>_${footer}_
</#if>
