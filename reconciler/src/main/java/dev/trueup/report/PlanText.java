package dev.trueup.report;

import dev.trueup.policy.Step;
import tools.jackson.databind.JsonNode;

/**
 * A plan for a terminal, rendered from the plan JSON (never from the records, so a saved plan
 * prints exactly as a fresh one): Terraform-like symbols, field changes as live → desired, unified
 * diffs of file content, unreachable nodes with their reason, and a summary line.
 */
public final class PlanText {
  private PlanText() {}

  public static String render(JsonNode plan, Palette p) {
    StringBuilder out = new StringBuilder();
    out.append(p.bold("trueup plan"))
        .append(" for revision ")
        .append(plan.get("desiredRevision").asString())
        .append(p.dim(" (live " + shortHash(plan.get("liveFingerprint").asString()) + ")"))
        .append("\n");
    for (JsonNode node : plan.get("nodes")) {
      node(out, node, p);
    }
    out.append("\n").append(p.bold(PlanSummaryLine.of(plan))).append("\n");
    return out.toString();
  }

  private static void node(StringBuilder out, JsonNode node, Palette p) {
    JsonNode reach = node.get("reachability");
    String header = node.get("node").asString() + " (" + node.get("environment").asString() + ")";
    String status = reach.get("status").asString();
    out.append("\n");
    switch (status) {
      case "unreachable" -> {
        out.append(p.red("! " + header + ": unreachable: " + reach.get("reason").asString()))
            .append("\n");
        return;
      }
      case "host-key-rejected" -> {
        out.append(p.red("! " + header + ": host key rejected, nothing was sent")).append("\n");
        out.append("    presented: ").append(reach.get("presented").asString()).append("\n");
        for (JsonNode e : reach.get("expected")) {
          out.append("    expected:  ").append(e.asString()).append("\n");
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
      String text = note.get("resource").asString() + ": " + note.get("message").asString();
      out.append(
              PlanSummaryLine.isUnconvergeable(note)
                  ? p.red("  cannot converge: " + text)
                  : p.yellow("  note: " + text))
          .append("\n");
    }
  }

  private static void change(StringBuilder out, JsonNode c, Palette p) {
    String action = c.get("action").asString();
    String line =
        c.get("symbol").asString()
            + " "
            + c.get("kind").asString().replace('_', ' ')
            + " "
            + c.get("id").asString();
    out.append("  ").append(colour(action, line, p));
    JsonNode origin = c.get("origin");
    if (origin != null && !origin.isNull()) {
      out.append(p.dim("  (" + location(origin) + ")"));
    }
    if (c.has("class")) {
      String tag = "[" + c.get("class").asString() + " · " + stepLabel(c) + "]";
      out.append("  ")
          .append(c.get("step").asString().equals("apply-now") ? p.green(tag) : p.yellow(tag))
          .append(p.dim(" rule: " + c.get("rule").asString()));
    }
    out.append("\n");
    if (c.has("reason")) {
      out.append("      ").append(p.dim("→ " + c.get("reason").asString())).append("\n");
    }
    int width = 0;
    for (JsonNode f : c.get("fields")) {
      width = Math.max(width, f.get("field").asString().length());
    }
    for (JsonNode f : c.get("fields")) {
      String name = f.get("field").asString();
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
      out.append("      ").append(p.dim(note.asString())).append("\n");
    }
    for (JsonNode d : c.get("contentDiff")) {
      String text = d.asString();
      String shown =
          text.startsWith("+")
              ? p.green(text)
              : text.startsWith("-") ? p.red(text) : text.startsWith("@@") ? p.dim(text) : text;
      out.append("        ").append(shown).append("\n");
    }
  }

  /** The step as reports name it, e.g. {@code staging first}. */
  static String stepLabel(JsonNode change) {
    return Step.fromJson(change.get("step").asString()).label();
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
        ? origin.get("file").asString()
            + ":"
            + origin.get("line").asInt()
            + ":"
            + origin.get("column").asInt()
        : origin.get("file").asString();
  }

  private static String quote(JsonNode value) {
    return "\"" + value.asString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
