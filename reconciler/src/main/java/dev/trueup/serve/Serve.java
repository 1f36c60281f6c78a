package dev.trueup.serve;

import dev.trueup.apply.Rollout;
import dev.trueup.engine.ApplyPipeline;
import dev.trueup.engine.ApplyRun;
import dev.trueup.engine.CycleEvents;
import dev.trueup.engine.DriverCache;
import dev.trueup.engine.Ledger;
import dev.trueup.engine.LoopTiming;
import dev.trueup.engine.Progress;
import dev.trueup.engine.ServeLoop;
import dev.trueup.engine.StoreLedger;
import dev.trueup.engine.StoreWakeQueue;
import dev.trueup.engine.WorkFailure;
import dev.trueup.notify.StoreNotifier;
import dev.trueup.plan.Selection;
import dev.trueup.server.ApiServer;
import dev.trueup.server.Readiness;
import dev.trueup.server.TrueupMetrics;
import dev.trueup.server.WebhookConfig;
import dev.trueup.server.WebhookReceiver;
import dev.trueup.source.DesiredTree;
import dev.trueup.source.DirectorySync;
import dev.trueup.source.GitSource;
import dev.trueup.source.SyncResult;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The long-running reconciler put together: one {@link ServeLoop} over the source, the drift
 * schedule on its thread, the pull-request report worker, the notification sender, both HTTP
 * listeners, and the drivers and store they share. {@link #start} starts them all; the {@link
 * Running} it returns stops them in order. A bad revision or pull request fails its own run only
 * (docs/operations.md, "Bad revisions").
 */
public final class Serve {
  private Serve() {}

  /**
   * Starts serving with {@code store}, which the result then owns (and closes); on failure every
   * part started so far is closed again, the store too.
   */
  public static Running start(ServeSettings settings, Store store) throws IOException {
    Supplier<SyncResult> sync;
    Supplier<DesiredTree> tree;
    Ledger ledger;
    Optional<GitSource> git;
    WebhookConfig hooks =
        WebhookConfig.of(settings.webhookSecrets()).withRepository(settings.webhookRepository());
    switch (settings.source()) {
      case ServeSettings.Source.Directory d -> {
        Path dir = d.dir();
        sync = DirectorySync.of(dir);
        tree = () -> DesiredTree.of(dir);
        ledger = Ledger.LOCAL; // every poll reconciles a directory
        git = Optional.empty();
      }
      case ServeSettings.Source.Git g -> {
        GitSource source = new GitSource(g.spec());
        sync = source::sync;
        tree = source::desiredTree;
        ledger = new StoreLedger(store, settings.lease());
        git = Optional.of(source);
        if (g.spec().ref().startsWith("refs/heads/")) {
          hooks = hooks.withBranches(Set.of(g.spec().ref()));
        }
      }
    }
    TrueupMetrics metrics = new TrueupMetrics();
    // Open dashboard tabs hear when a run ended.
    dev.trueup.server.DashboardEvents tabs = new dev.trueup.server.DashboardEvents();
    // One connection per node for the life of the process (reconnected when it dies).
    DriverCache drivers = new DriverCache(settings.drivers());
    try {
      ServeLoop loop =
          new ServeLoop(
              sync,
              tree,
              () ->
                  new ApplyPipeline(
                      new Validator(), drivers, store, Progress.NONE, settings.lease()),
              new ApplyPipeline.Options(
                  Selection.all(),
                  false,
                  false,
                  Optional.empty(),
                  settings.parallelism(),
                  new Rollout.FailureThreshold(settings.maxFailedNodes(), 1.0)),
              events(metrics, store, tabs),
              new LoopTiming(settings.poll(), settings.closeWait(), null, null),
              new StoreWakeQueue(store, settings.lease()),
              ledger,
              Clock.systemUTC());
      Optional<DriftSchedule> drift =
          settings
              .driftEvery()
              .map(
                  every ->
                      new DriftSchedule(
                          store,
                          drivers,
                          every,
                          settings.parallelism(),
                          settings.lease(),
                          settings.driftOut(),
                          Clock.systemUTC()));
      drift.ifPresent(d -> loop.schedule(settings.driftEvery().orElseThrow(), d));
      settings
          .healthEvery()
          .ifPresent(
              every ->
                  loop.schedule(
                      every,
                      new HealthSchedule(
                          store,
                          drivers,
                          () -> loop.lastRun().flatMap(r -> r.validation().state()),
                          every,
                          settings.parallelism(),
                          Clock.systemUTC())));
      Optional<PullRequestReports> reports =
          git.map(
              source ->
                  new PullRequestReports(
                      source,
                      store,
                      settings.reports(),
                      settings.parallelism(),
                      settings.lease(),
                      Clock.systemUTC()));
      WebhookReceiver receiver =
          new WebhookReceiver(hooks, new TriggerDispatch(loop, reports), metrics);
      Optional<NotificationDelivery> notifications =
          settings
              .notifyEvery()
              .map(
                  every ->
                      new NotificationDelivery(
                          store, () -> loop.lastRun().flatMap(r -> r.validation().state())));
      ApiServer api =
          new ApiServer(
              store,
              metrics,
              settings.apiToken().orElse(null),
              readiness(store, settings.poll(), loop, reports, drift, notifications),
              loop::trigger);
      api.planning(new ServePlans(tree, drivers, store, settings.parallelism()));
      api.dashboard(
          dev.trueup.server.DashboardUsers.of(
              settings.apiToken().orElse(null), settings.dashboardUsers()),
          () -> loop.lastRun().flatMap(r -> r.validation().state()),
          headOf(loop, tree),
          tabs);
      api.receivingAlerts(
          settings.alertToken().orElse(null),
          new AlertRouting(store, () -> loop.lastRun().flatMap(r -> r.validation().state())));
      Running running =
          new Running(
              receiver, api, reports, loop, notifications, drivers, store, settings.closeWait());
      try {
        loop.start();
        notifications.ifPresent(n -> n.start(settings.notifyEvery().orElseThrow()));
        api.start(settings.apiAddress());
        receiver.start(settings.webhookAddress());
      } catch (IOException | RuntimeException e) {
        running.close();
        throw e;
      }
      loop.trigger("startup");
      return running;
    } catch (RuntimeException e) {
      drivers.close();
      store.close();
      throw e;
    }
  }

  /**
   * The revision serve last ran, and where its history is: looked up once per revision (finding a
   * directory's Git work tree reads its status, too slow to do for every page).
   */
  private static java.util.function.Supplier<Optional<dev.trueup.history.FleetStanding.Head>>
      headOf(ServeLoop loop, Supplier<DesiredTree> tree) {
    java.util.concurrent.atomic.AtomicReference<dev.trueup.history.FleetStanding.Head> last =
        new java.util.concurrent.atomic.AtomicReference<>();
    return () ->
        loop.lastRun()
            .flatMap(r -> r.plan())
            .map(
                p ->
                    last.updateAndGet(
                        h -> {
                          if (h != null && h.revision().equals(p.desiredRevision())) {
                            return h;
                          }
                          DesiredTree t = tree.get();
                          return new dev.trueup.history.FleetStanding.Head(
                              p.desiredRevision(), t.history(), t.subdirectory());
                        }));
  }

  /**
   * Ready when the store answers and the desired state was fetched within three polls. A failed
   * revision leaves the replica ready (docs/operations.md, "Bad revisions"): further lines say what
   * each worker failed at last.
   */
  private static Supplier<Readiness> readiness(
      Store store,
      Duration poll,
      ServeLoop loop,
      Optional<PullRequestReports> reports,
      Optional<DriftSchedule> drift,
      Optional<NotificationDelivery> notifications) {
    Supplier<Readiness> fetched =
        Readiness.storeAndGit(store, loop::lastSync, poll.multipliedBy(3), Clock.systemUTC());
    return () ->
        fetched
            .get()
            .noting(
                Stream.of(
                        loop.lastFailure(),
                        reports.flatMap(PullRequestReports::lastFailure),
                        drift.flatMap(DriftSchedule::lastFailure),
                        notifications.flatMap(NotificationDelivery::lastFailure))
                    .flatMap(Optional::stream)
                    .map(WorkFailure::line)
                    .toList());
  }

  private static CycleEvents events(
      TrueupMetrics metrics, Store store, dev.trueup.server.DashboardEvents tabs) {
    return new CycleEvents() {
      @Override
      public void synced(SyncResult result, Instant at) {
        if (result instanceof SyncResult.Failed) {
          metrics.gitFetchFailed();
        } else {
          metrics.gitFetched(at);
        }
      }

      @Override
      public void applied(ApplyRun run, Duration took) {
        metrics.record(run, took);
        run.validation().state().ifPresent(state -> StoreNotifier.of(state, store).record(run));
        tabs.publish("{\"run\":" + run.runId() + ",\"failed\":" + run.failed() + "}");
      }

      @Override
      public void crashed(Throwable e) {
        metrics.runFinished("failed", Duration.ZERO);
      }
    };
  }
}
