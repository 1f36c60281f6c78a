package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import dev.trueup.secrets.SecretValue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SMS through an HTTP gateway, one message per phone, cut to one segment with a link to the full
 * text ({@link SmsText}). Two request shapes: the widely used form-encoded "Messages" API ({@code
 * POST {url}/Accounts/{account}/Messages.json} with {@code To}, {@code From}, {@code Body}, HTTP
 * basic auth of account and token) and a generic JSON one ({@code POST {url}} with {@code from},
 * {@code to}, {@code text}, bearer token). Only the levels it is given are sent (critical by
 * default): a high batch routed here by mistake does not page anyone.
 */
public final class SmsChannel implements NotificationChannel {
  /** The request shape a gateway speaks. */
  public enum Shape {
    MESSAGES,
    JSON
  }

  private final Shape shape;
  private final URI url;
  private final String account;
  private final SecretValue token;
  private final String sender;
  private final List<String> phones;
  private final Set<AlertLevel> levels;
  private final Optional<String> link;
  private final Http http;

  public SmsChannel(
      Shape shape,
      URI url,
      String account,
      SecretValue token,
      String sender,
      List<String> phones,
      Set<AlertLevel> levels,
      Optional<String> link,
      Duration timeout) {
    this.shape = shape;
    this.url = url;
    this.account = account;
    this.token = token;
    this.sender = sender;
    this.phones = List.copyOf(phones);
    this.levels = Set.copyOf(levels);
    this.link = link;
    this.http = new Http(timeout);
  }

  @Override
  public Delivery send(Payload message) {
    if (!levels.contains(level(message.data()))) {
      return Delivery.sent();
    }
    String text = SmsText.of(message.subject(), link);
    for (String phone : phones) {
      Delivery d =
          switch (shape) {
            case MESSAGES -> messages(phone, text);
            case JSON -> json(phone, text);
          };
      if (d instanceof Delivery.Failed) {
        return d;
      }
    }
    return Delivery.sent();
  }

  private Delivery messages(String phone, String text) {
    String form = "To=" + encode(phone) + "&From=" + encode(sender) + "&Body=" + encode(text);
    String basic =
        Base64.getEncoder()
            .encodeToString((account + ":" + token.reveal()).getBytes(StandardCharsets.UTF_8));
    URI endpoint =
        URI.create(
            url.toString().replaceAll("/+$", "")
                + "/Accounts/"
                + encode(account)
                + "/Messages.json");
    return http.post(
        endpoint,
        Http.utf8(form),
        "application/x-www-form-urlencoded",
        Map.of("Authorization", "Basic " + basic));
  }

  private Delivery json(String phone, String text) {
    ObjectNode o = Payload.JSON.createObjectNode();
    o.put("from", sender).put("to", phone).put("text", text);
    return http.postJson(
        url,
        Http.utf8(Payload.JSON.writeValueAsString(o)),
        Map.of("Authorization", "Bearer " + token.reveal()));
  }

  /** A message's level; a batch's is its highest. */
  private static AlertLevel level(JsonNode data) {
    if (data.path("kind").asString("").equals("batch")) {
      AlertLevel top = AlertLevel.LOW;
      for (JsonNode m : data.path("messages")) {
        AlertLevel l = level(m);
        top = l.ordinal() > top.ordinal() ? l : top;
      }
      return top;
    }
    for (AlertLevel l : AlertLevel.values()) {
      if (l.yaml().equals(data.path("level").asString(""))) {
        return l;
      }
    }
    return AlertLevel.HIGH;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "sms gateway (" + shape.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
