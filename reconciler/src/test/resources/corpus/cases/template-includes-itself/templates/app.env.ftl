PORT=${vars.port?c}
<#include "app.env.ftl">
