<#-- One /etc/cron.d file per schedule. Every value below is data from the desired state. -->
<#-- No node name here: the same schedule renders the same bytes on staging and production, so
     promotion can tell that staging already carries what production is waiting for. -->
# managed by trueup: do not edit
# schedule ${name}, declared in ${origin}
<#if description?has_content>
# ${description}
</#if>
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CRON_TZ=${timezone}
${cron} ${user} ${command}
