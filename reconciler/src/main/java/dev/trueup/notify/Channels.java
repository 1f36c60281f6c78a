package dev.trueup.notify;

import dev.trueup.driver.ContactPolicy;
import dev.trueup.model.Channel;
import dev.trueup.model.SecretRef;
import dev.trueup.secrets.SecretValue;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the sender for a channel of fleet.yaml. Values that are secret references are resolved
 * here, at send time; a channel that cannot be built becomes one whose every send fails with a
 * reason that names the setting, never a value.
 */
public final class Channels {
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final NotifySecrets secrets;
  private final Clock clock;
  private final Duration timeout;

  public Channels(NotifySecrets secrets, Clock clock, Duration timeout) {
    this.secrets = secrets;
    this.clock = clock;
    this.timeout = timeout;
  }

  public NotificationChannel build(Channel c) {
    try {
      Map<String, Object> s = c.settings();
      Optional<String> refused = refusal(c, s);
      if (refused.isPresent()) {
        return failing("channel '" + c.name() + "': " + refused.get());
      }
      return switch (c.type()) {
        case "slack" -> new SlackWebhook(uri(value(s, "url", c)), timeout);
        case "webhook" ->
            new SignedWebhook(
                uri(value(s, "url", c)), secretValue(s, "signingKey", c), timeout, clock);
        case "email" -> email(c, s);
        case "sms" -> sms(c, s);
        default -> failing("channel '" + c.name() + "': unknown type '" + c.type() + "'");
      };
    } catch (RuntimeException e) {
      return failing(e.getMessage());
    }
  }

  private NotificationChannel sms(Channel c, Map<String, Object> s) {
    SmsChannel.Shape shape =
        text(s.get("shape")).orElse("messages").equals("json")
            ? SmsChannel.Shape.JSON
            : SmsChannel.Shape.MESSAGES;
    String account =
        s.get("account") instanceof Map<?, ?>
            ? secretValue(s, "account", c).reveal()
            : text(s.get("account")).orElse("");
    if (shape == SmsChannel.Shape.MESSAGES && account.isEmpty()) {
      throw missing(c, "account");
    }
    List<String> phones = new ArrayList<>();
    if (s.get("phones") instanceof List<?> l) {
      l.forEach(x -> phones.add(String.valueOf(x)));
    }
    if (phones.isEmpty()) {
      throw missing(c, "phones");
    }
    java.util.Set<dev.trueup.model.AlertLevel> levels =
        java.util.EnumSet.noneOf(dev.trueup.model.AlertLevel.class);
    if (s.get("levels") instanceof List<?> l) {
      for (Object x : l) {
        for (dev.trueup.model.AlertLevel level : dev.trueup.model.AlertLevel.values()) {
          if (level.yaml().equals(String.valueOf(x))) {
            levels.add(level);
          }
        }
      }
    } else {
      levels.add(dev.trueup.model.AlertLevel.CRITICAL);
    }
    return new SmsChannel(
        shape,
        uri(value(s, "url", c)),
        account,
        secretValue(s, "token", c),
        text(s.get("sender")).orElseThrow(() -> missing(c, "sender")),
        phones,
        levels,
        text(s.get("link")),
        timeout);
  }

  private NotificationChannel email(Channel c, Map<String, Object> s) {
    String from = text(s.get("from")).orElseThrow(() -> missing(c, "from"));
    List<String> to = new ArrayList<>();
    if (s.get("to") instanceof List<?> l) {
      l.forEach(x -> to.add(String.valueOf(x)));
    } else {
      text(s.get("to")).ifPresent(to::add);
    }
    if (to.isEmpty()) {
      throw missing(c, "to");
    }
    Map<?, ?> smtp = s.get("smtp") instanceof Map<?, ?> m ? m : Map.of();
    String host = text(smtp.get("host")).orElse("127.0.0.1");
    int port = text(smtp.get("port")).map(Integer::parseInt).orElse(25);
    boolean starttls = text(smtp.get("starttls")).map(Boolean::parseBoolean).orElse(false);
    Optional<SecretValue> password =
        s.containsKey("password") ? Optional.of(secretValue(s, "password", c)) : Optional.empty();
    Optional<String> user = text(smtp.get("user")).or(() -> text(s.get("user")));
    return new EmailChannel(
        from, to, new EmailChannel.Smtp(host, port, starttls, user, password, timeout));
  }

  /**
   * Channels are checked like nodes before anything is sent: example and documentation hosts are
   * never contacted, and in loopback-only mode nothing but loopback is.
   */
  private Optional<String> refusal(Channel c, Map<String, Object> s) {
    ContactPolicy policy = ContactPolicy.fromEnvironment();
    if (c.type().equals("email")) {
      Map<?, ?> smtp = s.get("smtp") instanceof Map<?, ?> m ? m : Map.of();
      return policy.refusal(text(smtp.get("host")).orElse("127.0.0.1"));
    }
    if (!s.containsKey("url")) {
      return Optional.empty();
    }
    String host = uri(value(s, "url", c)).getHost();
    if (host == null) {
      return Optional.empty();
    }
    // The URL may be a secret: say why, without quoting the host.
    return policy.refusal(host).map(r -> r.replace(host, "the channel's host"));
  }

  /** A setting that is either a literal or {@code {secret: name}}. */
  private SecretValue value(Map<String, Object> s, String key, Channel c) {
    Object v = s.get(key);
    if (v instanceof Map<?, ?> m && m.get("secret") != null) {
      return secrets.resolve(new SecretRef(String.valueOf(m.get("secret"))));
    }
    return text(v).map(SecretValue::of).orElseThrow(() -> missing(c, key));
  }

  /** A setting that must be a secret reference (a key written into the repo is refused). */
  private SecretValue secretValue(Map<String, Object> s, String key, Channel c) {
    if (s.get(key) instanceof Map<?, ?> m && m.get("secret") != null) {
      return secrets.resolve(new SecretRef(String.valueOf(m.get("secret"))));
    }
    throw new IllegalArgumentException(
        "channel '" + c.name() + "': " + key + " must be a secret reference ({secret: name})");
  }

  private static URI uri(SecretValue v) {
    try {
      URI u = URI.create(v.reveal());
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new IllegalArgumentException("the channel URL is not http(s)");
      }
      return u;
    } catch (IllegalArgumentException e) {
      // The message of URI.create quotes the URL; the URL may be a secret.
      throw new IllegalArgumentException("the channel URL is not a valid http(s) URL");
    }
  }

  private static Optional<String> text(Object o) {
    return o == null || String.valueOf(o).isBlank()
        ? Optional.empty()
        : Optional.of(String.valueOf(o));
  }

  private static IllegalArgumentException missing(Channel c, String key) {
    return new IllegalArgumentException("channel '" + c.name() + "': no " + key);
  }

  static NotificationChannel failing(String why) {
    return message -> NotificationChannel.Delivery.failed(why);
  }
}
