package dev.trueup.notify;

import dev.trueup.model.AlertLevel;
import dev.trueup.model.Channel;
import dev.trueup.model.Notifications;
import dev.trueup.store.Outbox;
import dev.trueup.store.OutboxMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Claims due outbox messages, sends them and marks them sent, or failed (the store then backs off:
 * 30 s, 1 min, 2 min ... an hour; dead after {@link Outbox#MAX_ATTEMPTS}). A channel's high
 * messages claimed in one pass go out as one batch. Nothing a channel does throws out of here.
 */
public final class Deliverer {
  public static final int BATCH = 50;

  private final Outbox outbox;
  private final Notifications notifications;
  private final Function<Channel, NotificationChannel> channels;
  private final java.util.function.BiConsumer<String, String> failing;

  /** A message failed this many times in a row: its channel is failing, not just hiccuping. */
  public static final int PERSISTENT = 3;

  public Deliverer(
      Outbox outbox, Notifications notifications, Function<Channel, NotificationChannel> channels) {
    this(outbox, notifications, channels, (channel, error) -> {});
  }

  /**
   * @param failing told a channel's name and its error when one of its messages has failed {@link
   *     #PERSISTENT} times: the other channels should hear of it
   */
  public Deliverer(
      Outbox outbox,
      Notifications notifications,
      Function<Channel, NotificationChannel> channels,
      java.util.function.BiConsumer<String, String> failing) {
    this.outbox = outbox;
    this.notifications = notifications;
    this.channels = channels;
    this.failing = failing;
  }

  /** What one pass did. */
  public record Report(int sent, int failed) {}

  /** One pass over the due messages. */
  public Report deliverOnce() {
    int sent = 0;
    int failed = 0;
    Map<String, List<OutboxMessage>> highs = new LinkedHashMap<>();
    List<List<OutboxMessage>> sends = new ArrayList<>();
    for (OutboxMessage m : outbox.claimDue(BATCH)) {
      if (m.level() == AlertLevel.HIGH) {
        highs.computeIfAbsent(m.channel(), k -> new ArrayList<>()).add(m);
      } else {
        sends.add(List.of(m));
      }
    }
    sends.addAll(highs.values());
    Map<String, NotificationChannel> built = new LinkedHashMap<>();
    for (List<OutboxMessage> group : sends) {
      String name = group.get(0).channel();
      NotificationChannel.Delivery d = send(built, name, group);
      for (OutboxMessage m : group) {
        if (d instanceof NotificationChannel.Delivery.Failed f) {
          OutboxMessage after = outbox.markFailed(m.id(), f.error());
          if (after.attempts() == PERSISTENT) {
            failing.accept(m.channel(), f.error());
          }
          failed++;
        } else {
          outbox.markSent(m.id());
          sent++;
        }
      }
    }
    return new Report(sent, failed);
  }

  private NotificationChannel.Delivery send(
      Map<String, NotificationChannel> built, String name, List<OutboxMessage> group) {
    try {
      Channel config = notifications.channels().get(name);
      if (config == null) {
        return NotificationChannel.Delivery.failed(
            "channel '" + name + "' is no longer declared in fleet.yaml");
      }
      NotificationChannel ch = built.computeIfAbsent(name, n -> channels.apply(config));
      Payload p = Payload.batch(group.stream().map(m -> Payload.fromJson(m.body())).toList());
      return ch.send(p);
    } catch (RuntimeException e) {
      return NotificationChannel.Delivery.failed(
          "delivery failed (" + e.getClass().getSimpleName() + ")");
    }
  }
}
