PORT=${vars.port?c}
<#list 1..100000000 as i><#list 1..100000000 as j></#list></#list>
