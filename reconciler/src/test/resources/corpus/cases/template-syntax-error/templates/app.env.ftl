PORT=${vars.port?c}
<#if vars.port > 0>
