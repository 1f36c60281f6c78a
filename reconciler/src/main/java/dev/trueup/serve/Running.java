package dev.trueup.serve;

import dev.trueup.engine.DriverCache;
import dev.trueup.engine.ServeLoop;
import dev.trueup.server.ApiServer;
import dev.trueup.server.WebhookReceiver;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a {@code serve} started, and the order it stops in: nothing new comes in, the workers
 * finish what they hold (the loop its cycle, up to its close wait), the runs of this process still
 * running are recorded interrupted, and only then do the connections that work uses close, and the
 * store last.
 */
public final class Running implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Running.class);

  private final WebhookReceiver receiver;
  private final ApiServer api;
  private final Optional<PullRequestReports> reports;
  private final ServeLoop loop;
  private final Optional<NotificationDelivery> notifications;
  private final DriverCache drivers;
  private final Store store;
  private final Duration closeWait;

  Running(
      WebhookReceiver receiver,
      ApiServer api,
      Optional<PullRequestReports> reports,
      ServeLoop loop,
      Optional<NotificationDelivery> notifications,
      DriverCache drivers,
      Store store,
      Duration closeWait) {
    this.receiver = receiver;
    this.api = api;
    this.reports = reports;
    this.loop = loop;
    this.notifications = notifications;
    this.drivers = drivers;
    this.store = store;
    this.closeWait = closeWait;
  }

  public WebhookReceiver receiver() {
    return receiver;
  }

  public ApiServer api() {
    return api;
  }

  public ServeLoop loop() {
    return loop;
  }

  public Store store() {
    return store;
  }

  /**
   * Serves until SIGTERM, then stops in order (a shutdown hook). Returns the exit status: 0 when
   * stopped, {@link ExitOnDeadThread#STATUS} when the loop's thread died — never a clean exit for a
   * process that stopped reconciling. A worker thread that dies exits the process the same way.
   */
  public int untilStopped() throws InterruptedException {
    ExitOnDeadThread.install(closeWait.plusMinutes(3));
    Runtime.getRuntime()
        .addShutdownHook(Thread.ofPlatform().name("trueup-shutdown").unstarted(this::close));
    while (!loop.awaitStopped(Duration.ofHours(1))) {
      // serve until SIGTERM
    }
    return loop.died() ? ExitOnDeadThread.STATUS : 0;
  }

  @Override
  public void close() {
    closeQuietly("the webhook listener", receiver::close);
    closeQuietly("the API listener", api::close);
    // No new cycle starts while the other workers finish theirs.
    closeQuietly("the serve loop", loop::stopTaking);
    reports.ifPresent(r -> closeQuietly("the pull-request reports", r::close));
    notifications.ifPresent(n -> closeQuietly("the notification sender", n::close));
    closeQuietly("the serve loop", loop::stop);
    // Whatever is still running now is cut off: say so before its connections go.
    closeQuietly("the runs in flight", this::interruptRunsInFlight);
    closeQuietly("the kept connections", drivers::close);
    closeQuietly("the store", store::close);
  }

  private void interruptRunsInFlight() {
    String self = store.owner().toString();
    for (Run run : store.runs().withStatus(Run.Status.RUNNING)) {
      if (run.owner().equals(self)
          && store
              .runs()
              .finish(
                  run.id(),
                  Run.Status.INTERRUPTED,
                  "interrupted: serve stopped before the run finished")) {
        log.warn("run {} was still running at shutdown: recorded interrupted", run.id());
      }
    }
  }

  private static void closeQuietly(String what, Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      log.warn("closing {} failed", what, e);
    }
  }
}
