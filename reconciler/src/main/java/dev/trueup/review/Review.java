package dev.trueup.review;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The drift report of a pull request as data (format {@code trueup-review/1}): both revisions, what
 * the change does to the desired state, the decided plan of the affected nodes, the decisions
 * grouped by what happens on merge, the blast radius and the head's validation. Every human form is
 * rendered from this tree.
 */
public record Review(ObjectNode tree) {
  public static final String FORMAT = "trueup-review/1";

  static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public String json() {
    return MAPPER.writeValueAsString(tree) + "\n";
  }

  public static Review parse(String json) {
    return new Review((ObjectNode) MAPPER.readTree(json));
  }

  public String headCommit() {
    return tree.get("head").get("commit").asString();
  }

  public boolean valid() {
    return tree.get("valid").asBoolean();
  }

  /** The commit status a forge shows: failure when the head is invalid or nodes went unobserved. */
  public String state() {
    if (!valid()) {
      return "failure";
    }
    JsonNode plan = tree.get("plan");
    if (plan != null && !plan.isNull() && plan.get("summary").get("unreachable").asInt() > 0) {
      return "failure";
    }
    return "success";
  }

  /** One line for a commit status description. */
  public String headline() {
    if (!valid()) {
      return "head revision is invalid: "
          + tree.get("validation").get("errors").asLong()
          + " error(s)";
    }
    JsonNode d = tree.get("decisions");
    return d.get("autoApply").size()
        + " auto-apply on merge, "
        + d.get("waitForApproval").size()
        + " wait, "
        + d.get("notifyOnly").size()
        + " notify only";
  }
}
