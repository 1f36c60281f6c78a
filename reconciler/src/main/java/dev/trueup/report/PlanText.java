package dev.trueup.report;

import dev.trueup.policy.Step;
import tools.jackson.databind.JsonNode;

/**
 * A plan for a terminal, rendered from the plan JSON (never from the records, so a saved plan
 * prints exactly as a fresh one): Terraform-like symbols, field changes as live → desired, unified
 * diffs of file content, unreachable nodes with their reason, and a summary line. Every value is
 * shown through {@link TerminalText}: a file's content or a node's answer cannot drive the
 * terminal.
 */
public final class PlanText {
  private PlanText() {}

  public static String render(JsonNode plan, Palette p) {
    StringBuilder out = new StringBuilder();
    out.append(p.bold("trueup plan"))
        .append(" for revision ")
        .append(shown(plan.get("desiredRevision")))
        .append(p.dim(" (live " + shortHash(shown(plan.get("liveFingerprint"))) + ")"))
        .append("\n");
    for (JsonNode node : plan.get("nodes")) {
      node(out, node, p);
    }
    out.append("\n").append(p.bold(PlanSummaryLine.of(plan))).append("\n");
    return out.toString();
  }

  private static void node(StringBuilder out, JsonNode node, Palette p) {
    JsonNode reach = node.get("reachability");
    String header = shown(node.get("node")) + " (" + shown(node.get("environment")) + ")";
    String status = shown(reach.get("status"));
    out.append("\n");
    switch (status) {
      case "unreachable" -> {
        out.append(p.red("! " + header + ": unreachable: " + shown(reach.get("reason"))))
            .append("\n");
        return;
      }
      case "host-key-rejected" -> {
        out.append(p.red("! " + header + ": host key rejected, nothing was sent")).append("\n");
        out.append("    presented: ").append(shown(reach.get("presented"))).append("\n");
        for (JsonNode e : reach.get("expected")) {
          out.append("    expected:  ").append(shown(e)).append("\n");
        }
        return;
      }
      default -> {}
    }
    JsonNode changes = node.get("changes");
    if (PlanSummaryLine.cannotConverge(node)) {
      out.append(p.red("! " + header + ": cannot reach its desired state")).append("\n");
    } else if (changes.isEmpty()) {
      out.append(p.dim("  " + header + ": matches its desired state")).append("\n");
    } else {
      out.append(p.bold(header)).append("\n");
    }
    changes.forEach(c -> change(out, c, p));
    for (JsonNode note : node.get("notes")) {
      String text = shown(note.get("resource")) + ": " + shown(note.get("message"));
      out.append(
              PlanSummaryLine.isUnconvergeable(note)
                  ? p.red("  cannot converge: " + text)
                  : p.yellow("  note: " + text))
          .append("\n");
    }
  }

  private static void change(StringBuilder out, JsonNode c, Palette p) {
    String action = shown(c.get("action"));
    String line =
        shown(c.get("symbol"))
            + " "
            + shown(c.get("kind")).replace('_', ' ')
            + " "
            + shown(c.get("id"));
    out.append("  ").append(colour(action, line, p));
    JsonNode origin = c.get("origin");
    if (origin != null && !origin.isNull()) {
      out.append(p.dim("  (" + location(origin) + ")"));
    }
    if (c.has("class")) {
      String tag = "[" + shown(c.get("class")) + " · " + stepLabel(c) + "]";
      out.append("  ")
          .append(shown(c.get("step")).equals("apply-now") ? p.green(tag) : p.yellow(tag))
          .append(p.dim(" rule: " + shown(c.get("rule"))));
    }
    out.append("\n");
    if (c.has("reason")) {
      out.append("      ").append(p.dim("→ " + shown(c.get("reason")))).append("\n");
    }
    int width = 0;
    for (JsonNode f : c.get("fields")) {
      width = Math.max(width, shown(f.get("field")).length());
    }
    for (JsonNode f : c.get("fields")) {
      String name = shown(f.get("field"));
      out.append("      ").append(name).append(":").append(" ".repeat(width - name.length() + 1));
      JsonNode desired = f.get("desired");
      JsonNode live = f.get("live");
      if (live.isNull()) {
        out.append(p.green(quote(desired)));
      } else if (desired.isNull()) {
        out.append(p.red(quote(live)));
      } else {
        out.append(quote(live)).append(" → ").append(p.green(quote(desired)));
      }
      out.append("\n");
    }
    JsonNode note = c.get("contentNote");
    if (note != null && !note.isNull()) {
      out.append("      ").append(p.dim(shown(note))).append("\n");
    }
    for (JsonNode d : c.get("contentDiff")) {
      String text = shown(d);
      String shown =
          text.startsWith("+")
              ? p.green(text)
              : text.startsWith("-") ? p.red(text) : text.startsWith("@@") ? p.dim(text) : text;
      out.append("        ").append(shown).append("\n");
    }
  }

  /** The step as reports name it, e.g. {@code staging first}. */
  static String stepLabel(JsonNode change) {
    return Step.fromJson(shown(change.get("step"))).label();
  }

  private static String colour(String action, String text, Palette p) {
    return switch (action) {
      case "create" -> p.green(text);
      case "update" -> p.yellow(text);
      default -> p.red(text);
    };
  }

  static String location(JsonNode origin) {
    return origin.get("line").asInt() > 0
        ? shown(origin.get("file"))
            + ":"
            + origin.get("line").asInt()
            + ":"
            + origin.get("column").asInt()
        : shown(origin.get("file"));
  }

  private static String quote(JsonNode value) {
    return "\""
        + TerminalText.line(value.asString().replace("\\", "\\\\").replace("\"", "\\\""))
        + "\"";
  }

  /** Every string of the plan came from outside (desired state, live state, a saved file). */
  private static String shown(JsonNode value) {
    return TerminalText.line(value.asString());
  }

  static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
