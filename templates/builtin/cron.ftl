<#-- One /etc/cron.d file per schedule. Every value below is data from the desired state. -->
# managed by trueup: do not edit
# schedule ${name} of node ${node}, declared at ${origin}
<#if description?has_content>
# ${description}
</#if>
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CRON_TZ=${timezone}
${cron} ${user} ${command}
