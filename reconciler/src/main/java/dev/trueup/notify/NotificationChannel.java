package dev.trueup.notify;

/**
 * Where notifications go: a Slack-style incoming webhook, e-mail over SMTP, or a signed webhook.
 * {@link #send} never throws: a failure comes back as a {@link Delivery.Failed} whose text names no
 * secret (no URL with a token, no password).
 */
public interface NotificationChannel {

  Delivery send(Payload message);

  /** What a send came to. */
  sealed interface Delivery {
    record Sent() implements Delivery {}

    record Failed(String error) implements Delivery {}

    static Delivery sent() {
      return new Sent();
    }

    static Delivery failed(String error) {
      return new Failed(error);
    }
  }
}
