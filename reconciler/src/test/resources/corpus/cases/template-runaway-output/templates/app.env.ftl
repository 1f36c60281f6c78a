PORT=${vars.port?c}
<#list 1..100000000 as i>
PORT_${i}=${vars.port?c}
</#list>
