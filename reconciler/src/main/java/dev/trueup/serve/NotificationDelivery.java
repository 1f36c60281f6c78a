package dev.trueup.serve;

import dev.trueup.engine.WorkFailure;
import dev.trueup.model.DesiredState;
import dev.trueup.notify.Channels;
import dev.trueup.notify.Deliverer;
import dev.trueup.notify.Notifier;
import dev.trueup.notify.NotifySecrets;
import dev.trueup.notify.StoreNotifier;
import dev.trueup.secrets.SecretResolver;
import dev.trueup.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serve's notification sender: on its own thread, so a slow channel never holds up a reconcile, it
 * queues the digests that fell due and delivers what the outbox holds, with the channels of the
 * desired state the last run validated. Replicas share the outbox; a message is claimed by one of
 * them. {@code trueup notify --deliver} runs one round of it ({@link #deliverOnce()}).
 */
public final class NotificationDelivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);

  private final Store store;
  private final Supplier<Optional<DesiredState>> state;
  private volatile WorkFailure lastFailure;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("trueup-notify").daemon(true).factory());

  public NotificationDelivery(Store store, Supplier<Optional<DesiredState>> state) {
    this.store = store;
    this.state = state;
  }

  NotificationDelivery start(Duration every) {
    timer.scheduleWithFixedDelay(
        this::deliverOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The last round that failed; a later round that works does not clear it. */
  Optional<WorkFailure> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /**
   * One round: due digests into the outbox, then the outbox out. Never throws, not even an error: a
   * task of a scheduled executor that throws is silently never run again.
   */
  public Optional<Deliverer.Report> deliverOnce() {
    try {
      Optional<DesiredState> current = state.get();
      if (current.isEmpty()) {
        return Optional.empty(); // nothing validated yet: no channels known
      }
      DesiredState s = current.get();
      Notifier notifier = StoreNotifier.of(s, store);
      notifier.digestsDue();
      notifier.monthlyReportDue(s, store.monthlyActivity()::between);
      NotifySecrets secrets = NotifySecrets.fromFleet(s, SecretResolver.of(s.secretProviders()));
      Channels channels = new Channels(secrets, Clock.systemUTC(), Channels.TIMEOUT);
      Deliverer.Report r =
          new Deliverer(
                  store.outbox(),
                  s.notifications(),
                  channels::build,
                  (channel, error) -> {
                    log.warn("notification channel {} keeps failing: {}", channel, error);
                    notifier.channelFailing(channel, error);
                  })
              .deliverOnce();
      if (r.sent() > 0 || r.failed() > 0) {
        log.info("notifications: {} sent, {} failed (retried later)", r.sent(), r.failed());
      }
      return Optional.of(r);
    } catch (Throwable e) {
      lastFailure =
          new WorkFailure(
              "notification sender", "delivering the outbox", WorkFailure.reason(e), Instant.now());
      log.warn(
          "delivering notifications failed: {}",
          e instanceof RuntimeException ? e.getMessage() : lastFailure.reason());
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
