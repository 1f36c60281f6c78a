package dev.trueup.notify;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Slack-style incoming webhook: POST {@code {"text": ...}}. The URL is a secret (it carries the
 * token). {@code &}, {@code <} and {@code >} are escaped as Slack asks, so no value in a message
 * can become a link or a mention.
 */
public final class SlackWebhook implements NotificationChannel {
  private final URI url;
  private final Http http;

  public SlackWebhook(URI url, Duration timeout) {
    this.url = url;
    this.http = new Http(timeout);
  }

  @Override
  public Delivery send(Payload message) {
    ObjectNode o = Payload.JSON.createObjectNode();
    o.put("text", escape(message.slack()));
    return http.postJson(url, Http.utf8(Payload.JSON.writeValueAsString(o)), Map.of());
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public String toString() {
    return "slack webhook";
  }
}
