PORT=${vars.port?c}
<#macro again n><@again n=n+1/></#macro>
<@again n=0/>
