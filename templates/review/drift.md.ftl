<#-- A scheduled drift check's report, rendered from its JSON (trueup-drift/1) and nothing else. -->
<#function cell s><#return (s!"")?string?replace("\\", "\\\\")?replace("|", "\\|")?replace("\n", " ")?replace("`", "'")></#function>
<#assign s = d.summary>
## trueup drift check

Revision ${d.shortRevision} (`${d.desiredRevision}`), checked ${d.detectedAt} by run ${d.runId}.

**${d.headline}**

| nodes checked | nodes drifted | drifted resources | reverted by the next apply | flagged for review | not observed |
|---|---|---|---|---|---|
| ${s.nodesChecked} | ${s.nodesDrifted} | ${s.changes} | ${s.reverting} | ${s.flagged} | ${s.unreachable} |

Drift is live state that moved away from what the applied revision says, outside trueup. This check observed only; it changed nothing.
<#if s.pending gt 0>
${s.pending} change(s) the desired state asks for and no apply has made yet are not drift and are not listed here (see `trueup plan`).
</#if>
<#list d.nodes as n>

### ${n.node} (${n.environment})

<#if n.status == "unreachable">
**Not observed**: ${cell(n.reason)}
<#else>
| | kind | resource | what moved | step | declared at |
|---|---|---|---|---|---|
<#list n.changes as c>
| `${c.symbol}` | ${c.kind} | `${cell(c.id)}` | <#list c.fields as f>${cell(f.field)}: live <#if f.live??>`${cell(f.live)}`<#else>—</#if>, desired <#if f.desired??>`${cell(f.desired)}`<#else>—</#if><#sep>; </#list><#if c.contentNote??><#if c.fields?size gt 0>; </#if>${cell(c.contentNote)}</#if> | ${c.stepLabel} | <#if c.origin??>`${c.origin.file}:${c.origin.line}`</#if> |
</#list>
<#list n.changes as c>
<#if c.contentDiff?size gt 0>

<details><summary><code>${c.id}</code>: live → desired</summary>

```diff
<#list c.contentDiff as line>
${line}
</#list>
```

</details>
</#if>
</#list>
</#if>
</#list>
