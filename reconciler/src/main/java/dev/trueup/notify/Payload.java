package dev.trueup.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an outbox row's body holds: the message rendered every way a channel may need it — plain
 * text (e-mail, webhook), HTML (e-mail, optional), Slack text — and the structured data a webhook
 * receiver gets.
 */
public record Payload(
    String subject, String text, Optional<String> html, String slack, JsonNode data) {

  static final JsonMapper JSON = JsonMapper.builder().build();

  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("subject", subject);
    o.put("text", text);
    html.ifPresent(h -> o.put("html", h));
    o.put("slack", slack);
    o.set("data", data);
    return JSON.writeValueAsString(o);
  }

  public static Payload fromJson(String json) {
    JsonNode o = JSON.readTree(json);
    return new Payload(
        o.path("subject").asString(),
        o.path("text").asString(),
        o.hasNonNull("html") ? Optional.of(o.get("html").asString()) : Optional.empty(),
        o.path("slack").asString(),
        o.path("data"));
  }

  /** Several messages for one channel sent as one: the high alerts of an hour. */
  public static Payload batch(List<Payload> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    StringBuilder text = new StringBuilder();
    List<String> slack = new ArrayList<>();
    ArrayNode data = JSON.createArrayNode();
    for (Payload p : parts) {
      text.append(p.text()).append("\n");
      slack.add(p.slack().strip());
      data.add(p.data());
    }
    ObjectNode batch = JSON.createObjectNode();
    batch.put("kind", "batch");
    batch.set("messages", data);
    String subject = "[trueup high] " + parts.size() + " alerts of the hour";
    return new Payload(
        subject, text.toString(), Optional.empty(), String.join("\n\n", slack) + "\n", batch);
  }
}
