package dev.trueup.report;

import tools.jackson.databind.JsonNode;

/**
 * A plan as Markdown for pull requests, rendered from the plan JSON: a table per node, content
 * diffs in {@code diff} blocks, unreachable nodes with their reason.
 */
public final class PlanMarkdown {
  private PlanMarkdown() {}

  public static String render(JsonNode plan) {
    StringBuilder out = new StringBuilder("## trueup plan\n\n");
    out.append("Revision `")
        .append(plan.get("desiredRevision").asString())
        .append("`, live state `")
        .append(PlanText.shortHash(plan.get("liveFingerprint").asString()))
        .append("`.\n\n**")
        .append(PlanSummaryLine.of(plan))
        .append("**\n");
    for (JsonNode node : plan.get("nodes")) {
      node(out, node);
    }
    return out.toString();
  }

  private static void node(StringBuilder out, JsonNode node) {
    out.append("\n### ")
        .append(node.get("node").asString())
        .append(" (")
        .append(node.get("environment").asString())
        .append(")\n\n");
    JsonNode reach = node.get("reachability");
    switch (reach.get("status").asString()) {
      case "unreachable" -> {
        out.append("**Unreachable:** ").append(cell(reach.get("reason").asString())).append("\n");
        return;
      }
      case "host-key-rejected" -> {
        out.append("**Host key rejected** (nothing was sent): presented `")
            .append(reach.get("presented").asString())
            .append("`, expected ");
        int i = 0;
        for (JsonNode e : reach.get("expected")) {
          out.append(i++ == 0 ? "" : ", ").append('`').append(e.asString()).append('`');
        }
        out.append(".\n");
        return;
      }
      default -> {}
    }
    JsonNode changes = node.get("changes");
    boolean stuck = PlanSummaryLine.cannotConverge(node);
    if (stuck) {
      out.append("**Cannot reach its desired state** (see the notes).\n")
          .append(changes.isEmpty() ? "" : "\n");
    }
    if (changes.isEmpty()) {
      out.append(stuck ? "" : "Matches its desired state.\n");
    } else {
      boolean decided = changes.get(0).has("class");
      out.append(
          decided
              ? "| | kind | resource | change | decision | declared at |\n"
                  + "|---|---|---|---|---|---|\n"
              : "| | kind | resource | change | declared at |\n|---|---|---|---|---|\n");
      for (JsonNode c : changes) {
        JsonNode origin = c.get("origin");
        out.append("| `")
            .append(c.get("symbol").asString())
            .append("` | ")
            .append(c.get("kind").asString().replace('_', ' '))
            .append(" | `")
            .append(cell(c.get("id").asString()))
            .append("` | ")
            .append(fields(c))
            .append(" | ")
            .append(decided ? decision(c) + " | " : "")
            .append(origin == null || origin.isNull() ? "" : cell(PlanText.location(origin)))
            .append(" |\n");
      }
      for (JsonNode c : changes) {
        if (!c.get("contentDiff").isEmpty()) {
          out.append("\n`").append(c.get("id").asString()).append("`:\n\n```diff\n");
          c.get("contentDiff").forEach(d -> out.append(d.asString()).append("\n"));
          out.append("```\n");
        }
      }
    }
    JsonNode notes = node.get("notes");
    if (!notes.isEmpty()) {
      out.append("\n");
      for (JsonNode n : notes) {
        out.append("- **")
            .append(n.get("kind").asString())
            .append("** `")
            .append(n.get("resource").asString())
            .append("`: ")
            .append(cell(n.get("message").asString()))
            .append("\n");
      }
    }
  }

  private static String fields(JsonNode c) {
    StringBuilder sb = new StringBuilder(c.get("action").asString());
    String sep = ": ";
    for (JsonNode f : c.get("fields")) {
      JsonNode d = f.get("desired");
      JsonNode l = f.get("live");
      sb.append(sep).append(f.get("field").asString()).append(' ');
      if (l.isNull()) {
        sb.append('`').append(cell(d.asString())).append('`');
      } else if (d.isNull()) {
        sb.append('`').append(cell(l.asString())).append('`');
      } else {
        sb.append('`')
            .append(cell(l.asString()))
            .append("` → `")
            .append(cell(d.asString()))
            .append('`');
      }
      sep = "; ";
    }
    JsonNode note = c.get("contentNote");
    if (note != null && !note.isNull()) {
      sb.append(sep).append(cell(note.asString()));
    }
    return sb.toString();
  }

  private static String decision(JsonNode c) {
    if (!c.has("class")) {
      return "";
    }
    return "**"
        + c.get("class").asString()
        + "** · "
        + PlanText.stepLabel(c)
        + "<br>rule: "
        + cell(c.get("rule").asString())
        + "<br>"
        + cell(c.get("reason").asString());
  }

  /** Table-safe text: pipes escaped, no line breaks. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
