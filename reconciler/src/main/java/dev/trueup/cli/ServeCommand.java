package dev.trueup.cli;

import dev.trueup.apply.Rollout;
import dev.trueup.drift.DriftCheck;
import dev.trueup.engine.ApplyPipeline;
import dev.trueup.engine.ApplyRun;
import dev.trueup.engine.DriverCache;
import dev.trueup.engine.Drivers;
import dev.trueup.engine.Ledger;
import dev.trueup.engine.Progress;
import dev.trueup.engine.ServeLoop;
import dev.trueup.engine.StoreLedger;
import dev.trueup.engine.StoreWakeQueue;
import dev.trueup.engine.Wake;
import dev.trueup.engine.WorkFailure;
import dev.trueup.model.DesiredState;
import dev.trueup.model.value.DurationText;
import dev.trueup.model.value.HostKey;
import dev.trueup.model.value.Parsed;
import dev.trueup.plan.Selection;
import dev.trueup.secrets.SecretValue;
import dev.trueup.server.ApiServer;
import dev.trueup.server.Forge;
import dev.trueup.server.Readiness;
import dev.trueup.server.SourceRepository;
import dev.trueup.server.Trigger;
import dev.trueup.server.TriggerSink;
import dev.trueup.server.TrueupMetrics;
import dev.trueup.server.WebhookConfig;
import dev.trueup.server.WebhookReceiver;
import dev.trueup.source.DesiredTree;
import dev.trueup.source.GitAuth;
import dev.trueup.source.GitSource;
import dev.trueup.source.GitSourceSpec;
import dev.trueup.source.SyncResult;
import dev.trueup.store.Owner;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.store.StoreLocation;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trueup serve}: the long-running reconciler. Polls the desired state (a directory or one
 * ref of a Git repository), applies what the policy allows, and serves webhooks, health, metrics
 * and the API. SIGTERM closes the webhook listener, the API, the loop (after the cycle in flight),
 * the kept connections and the store, in that order. A bad revision or pull request fails its own
 * run only; a worker thread that dies anyway ends the process with {@link ExitOnDeadThread#STATUS}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Run the reconciler: sync the desired state on a poll or a webhook, apply what the"
            + " policy allows, and serve /healthz, /readyz, /metrics, /api/v1 and /webhooks.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  static final class Source {
    @Option(
        names = "--repo",
        description = "A directory holding the desired state (each poll reconciles it).")
    Path repo;

    @Option(names = "--git-url", description = "The desired-state Git repository.")
    String gitUrl;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--git-ref",
      defaultValue = "refs/heads/main",
      description = "The fully qualified ref to follow (default: ${DEFAULT-VALUE}).")
  String gitRef;

  @Option(
      names = "--git-work-dir",
      description =
          "Where the mirror and the work tree live (default: beside the default store, git/).")
  Path gitWorkDir;

  @Option(
      names = "--git-token-env",
      paramLabel = "VAR",
      description = "Environment variable holding an https token for --git-url.")
  String gitTokenEnv;

  @Option(
      names = "--git-username",
      description =
          "The user name sent with the token (x-access-token on GitHub, oauth2 on GitLab).")
  String gitUsername;

  @Option(
      names = "--git-ssh-key",
      paramLabel = "FILE",
      description = "Private key for an ssh:// or user@host:path --git-url.")
  Path gitSshKey;

  @Option(
      names = "--git-host-key",
      paramLabel = "KEY",
      description =
          "A host key the Git server must present ('ssh-ed25519 AAAA...'); repeatable; required"
              + " with --git-ssh-key.")
  java.util.List<String> gitHostKeys = new java.util.ArrayList<>();

  @Option(
      names = "--replica-id",
      description =
          "Names this replica in run owners, node locks and job claims (default: random)."
              + " Replicas sharing a PostgreSQL store share the work.")
  String replicaId;

  @Option(
      names = "--run-lease",
      defaultValue = "2m",
      description =
          "A run silent this long is taken for killed and another replica finishes its work"
              + " (default: ${DEFAULT-VALUE}).")
  String runLease;

  @Option(
      names = "--poll",
      defaultValue = "60s",
      description = "Poll interval, jittered by ±10%% (default: ${DEFAULT-VALUE}).")
  String poll;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:8080",
      description = "Health, metrics and API listener (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--webhook-listen",
      defaultValue = "127.0.0.1:8081",
      description = "Webhook listener (default: ${DEFAULT-VALUE}).")
  String webhookListen;

  @Option(
      names = "--api-token-env",
      paramLabel = "VAR",
      description = "Environment variable holding the API bearer token; without it /api/v1 is off.")
  String apiTokenEnv;

  @Option(
      names = "--webhook-secret-env",
      paramLabel = "FORGE=VAR",
      description =
          "Environment variable holding a forge's webhook secret (github, gitlab, gitea,"
              + " generic); repeatable. A forge without one is refused.")
  Map<Forge, String> webhookSecretEnv = new LinkedHashMap<>();

  @Option(
      names = "--webhook-repository",
      paramLabel = "OWNER/NAME",
      description =
          "The forge repository whose pushes and pull requests wake serve (GitLab: group/project;"
              + " default: the path of --git-url). Without it, with --repo or a local --git-url,"
              + " any signed delivery is taken.")
  String webhookRepository;

  @Option(
      names = "--drift-every",
      defaultValue = "15m",
      description =
          "Check the whole fleet for drift this often and record a drift report (0 turns it off;"
              + " default: ${DEFAULT-VALUE}). Drift the policy reverts asks for an apply.")
  String driftEvery;

  @Option(
      names = "--drift-out",
      paramLabel = "DIR",
      description = "Write each drift report's Markdown and JSON here (default: the store only).")
  Path driftOut;

  @Option(
      names = "--notify-every",
      defaultValue = "30s",
      description =
          "Send due notifications and digests from the outbox this often (0 turns it off;"
              + " default: ${DEFAULT-VALUE}).")
  String notifyEvery;

  @Option(
      names = "--report-out",
      paramLabel = "DIR",
      description =
          "Pull-request webhooks: archive each drift report here (<date>-<revision>.md/.json).")
  Path reportOut;

  @Option(
      names = "--forge-api",
      paramLabel = "URL",
      description =
          "Pull-request webhooks: the forge's API, to post the sticky comment and status.")
  String forgeApi;

  @Option(
      names = "--forge-project",
      paramLabel = "OWNER/REPO",
      description = "The forge project (default: the repository the webhook names).")
  String forgeProject;

  @Option(
      names = "--forge-token-env",
      paramLabel = "VAR",
      description = "Environment variable holding the forge API token.")
  String forgeTokenEnv;

  @Option(
      names = "--report-url",
      description = "Where published reports can be read (the commit status links there).")
  String reportUrl;

  @Option(
      names = "--max-failed-nodes",
      defaultValue = "1",
      description = "Stop starting nodes once this many failed (default: ${DEFAULT-VALUE}).")
  int maxFailed;

  @Option(names = "--parallelism", defaultValue = "8", description = "Nodes at once.")
  int parallelism;

  @Mixin StoreOption storeOption;

  /** Where secrets are read from (the process environment; tests give their own). */
  Map<String, String> env = System.getenv();

  /** The drivers every cycle keeps open (tests give drivers they can watch). */
  Function<DesiredState, Drivers> drivers = Drivers::standard;

  /** How long stopping waits for the cycle in flight (tests shorten it). */
  Duration closeWait = ServeLoop.DEFAULT_CLOSE_WAIT;

  /**
   * Everything {@code serve} started, closed in the order that lets in-flight work finish: nothing
   * new comes in, the workers finish what they hold (the loop its cycle, up to its close wait), and
   * only then do the connections that work uses and the store close.
   */
  record Running(
      WebhookReceiver receiver,
      ApiServer api,
      Optional<PullRequestReports> reports,
      ServeLoop loop,
      Optional<NotificationDelivery> notifications,
      DriverCache drivers,
      Store store)
      implements AutoCloseable {
    @Override
    public void close() {
      closeQuietly("the webhook listener", receiver::close);
      closeQuietly("the API listener", api::close);
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

  @Override
  public Integer call() throws Exception {
    ExitOnDeadThread.install(closeWait.plusMinutes(3));
    Running running = start(spec.commandLine().getOut());
    Thread hook = Thread.ofPlatform().name("trueup-shutdown").unstarted(running::close);
    Runtime.getRuntime().addShutdownHook(hook);
    while (!running.loop().awaitStopped(Duration.ofHours(1))) {
      // serve until SIGTERM
    }
    // A loop that stopped unasked lost its thread: never report that as a clean exit.
    return running.loop().died() ? ExitOnDeadThread.STATUS : 0;
  }

  /** Starts the loop and both listeners; the caller owns the result and closes it. */
  Running start(PrintWriter out) throws IOException {
    Duration interval = duration(poll, "--poll");
    Optional<Duration> notifyInterval =
        notifyEvery.equals("0")
            ? Optional.empty()
            : Optional.of(duration(notifyEvery, "--notify-every"));
    Optional<Duration> driftInterval =
        driftEvery.equals("0")
            ? Optional.empty()
            : Optional.of(duration(driftEvery, "--drift-every"));
    InetSocketAddress apiAddress = address(listen, "--listen");
    InetSocketAddress hookAddress = address(webhookListen, "--webhook-listen");
    String apiToken = apiTokenEnv == null ? null : env.get(apiTokenEnv);
    if (apiTokenEnv != null && (apiToken == null || apiToken.isEmpty())) {
      throw new ParameterException(spec.commandLine(), apiTokenEnv + " is not set or empty");
    }
    Map<Forge, String> secrets = new EnumMap<>(Forge.class);
    webhookSecretEnv.forEach(
        (forge, variable) -> {
          String value = env.get(variable);
          if (value == null || value.isEmpty()) {
            throw new ParameterException(
                spec.commandLine(),
                variable + " (the " + forge.label() + " webhook secret) is not set or empty");
          }
          secrets.put(forge, value);
        });

    Duration lease = duration(runLease, "--run-lease");
    Supplier<SyncResult> sync;
    Supplier<DesiredTree> tree;
    GitSource git = null;
    // A directory has no history to settle against: every poll reconciles it.
    java.util.function.Function<Store, Ledger> ledgerFor = s -> Ledger.LOCAL;
    WebhookConfig hooks = WebhookConfig.of(secrets).withRepository(webhookSource());
    if (source.repo != null) {
      sync = ServeLoop.directory(source.repo);
      Path dir = source.repo;
      tree = () -> DesiredTree.of(dir);
    } else {
      Path workDir =
          gitWorkDir != null
              ? gitWorkDir
              : StoreLocation.defaultDirectory(env).getParent().resolve("git");
      try {
        git = new GitSource(new GitSourceSpec(source.gitUrl, gitRef, gitAuth(), null, workDir));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      sync = git::sync;
      tree = git::desiredTree;
      ledgerFor = s -> new StoreLedger(s, lease);
      if (gitRef.startsWith("refs/heads/")) {
        hooks = hooks.withBranches(Set.of(gitRef));
      }
    }

    TrueupMetrics metrics = new TrueupMetrics();
    Store store = storeOption.open(replicaId != null ? replicaId : Owner.randomReplicaId());
    // One connection per node for the life of the process (reconnected when it dies).
    DriverCache drivers = new DriverCache(this.drivers);
    try {
      ServeLoop loop =
          new ServeLoop(
              sync,
              tree,
              () -> new ApplyPipeline(new Validator(), drivers, store, Progress.NONE, lease),
              new ApplyPipeline.Options(
                  Selection.all(),
                  false,
                  false,
                  Optional.empty(),
                  parallelism,
                  new Rollout.FailureThreshold(maxFailed, 1.0)),
              events(metrics, store),
              new ServeLoop.Timing(interval, closeWait, null, null),
              new StoreWakeQueue(store, lease),
              ledgerFor.apply(store),
              Clock.systemUTC());
      AtomicReference<WorkFailure> driftFailure = new AtomicReference<>();
      driftInterval.ifPresent(
          every -> loop.schedule(every, driftCheck(store, drivers, every, driftFailure::set)));
      Optional<PullRequestReports> reports =
          Optional.ofNullable(git)
              .map(
                  source ->
                      new PullRequestReports(source, store, reportSettings(), Clock.systemUTC()));
      WebhookReceiver receiver = new WebhookReceiver(hooks, sink(loop, reports), metrics);
      Optional<NotificationDelivery> notifications =
          notifyInterval.map(
              every ->
                  new NotificationDelivery(
                      store, () -> loop.lastRun().flatMap(r -> r.validation().state())));
      Supplier<Readiness> fetched =
          Readiness.storeAndGit(store, loop::lastSync, interval.multipliedBy(3), Clock.systemUTC());
      // A failed revision leaves the replica ready (docs/operations.md, "Bad revisions"): it says
      // what failed instead.
      Supplier<Readiness> readiness =
          () ->
              fetched
                  .get()
                  .noting(
                      Stream.of(
                              loop.lastFailure(),
                              reports.flatMap(PullRequestReports::lastFailure),
                              Optional.ofNullable(driftFailure.get()),
                              notifications.flatMap(NotificationDelivery::lastFailure))
                          .flatMap(Optional::stream)
                          .map(WorkFailure::line)
                          .toList());
      ApiServer api = new ApiServer(store, metrics, apiToken, readiness, loop::trigger);
      Running running = new Running(receiver, api, reports, loop, notifications, drivers, store);
      try {
        loop.start();
        notifications.ifPresent(n -> n.start(notifyInterval.orElseThrow()));
        api.start(apiAddress);
        receiver.start(hookAddress);
      } catch (IOException | RuntimeException e) {
        running.close();
        throw e;
      }
      loop.trigger("startup");
      out.printf(
          "trueup serve: api on %s, webhooks on %s, polling every %s%n",
          text(api.address()), text(receiver.address()), DurationText.render(interval));
      out.flush();
      return running;
    } catch (RuntimeException e) {
      drivers.close();
      store.close();
      throw e;
    }
  }

  /**
   * The repository webhooks must name: {@code --webhook-repository}, else the path of {@code
   * --git-url}; a directory or a local path names none, and then every push is ignored (say so).
   */
  private SourceRepository webhookSource() {
    SourceRepository repo;
    if (webhookRepository != null) {
      try {
        repo = SourceRepository.of(webhookRepository);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--webhook-repository: " + e.getMessage());
      }
    } else if (source.gitUrl != null) {
      repo = SourceRepository.ofGitUrl(source.gitUrl);
    } else {
      repo = new SourceRepository.Unknown("the source is a directory, which no forge names");
    }
    if (repo instanceof SourceRepository.Unknown u && !webhookSecretEnv.isEmpty()) {
      log.warn(
          "webhooks are not matched to a repository ({}): any signed push wakes a sync; name the"
              + " forge repository with --webhook-repository",
          u.why());
    }
    return repo;
  }

  private ServeLoop.Events events(TrueupMetrics metrics, Store store) {
    return new ServeLoop.Events() {
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
        run.validation()
            .state()
            .ifPresent(state -> Notifications.notifier(state, store).record(run));
      }

      @Override
      public void crashed(Throwable e) {
        metrics.runFinished("failed", Duration.ZERO);
      }
    };
  }

  private GitAuth gitAuth() {
    if (gitTokenEnv != null && gitSshKey != null) {
      throw new ParameterException(
          spec.commandLine(), "--git-token-env and --git-ssh-key exclude each other");
    }
    if (gitTokenEnv != null) {
      String token = env.get(gitTokenEnv);
      if (token == null || token.isEmpty()) {
        throw new ParameterException(spec.commandLine(), gitTokenEnv + " is not set or empty");
      }
      return new GitAuth.Token(gitUsername, SecretValue.of(token));
    }
    if (gitSshKey != null) {
      java.util.List<HostKey> pinned = new java.util.ArrayList<>();
      for (String text : gitHostKeys) {
        switch (HostKey.parse(text)) {
          case Parsed.Ok<HostKey> ok -> pinned.add(ok.value());
          case Parsed.Invalid<HostKey> bad ->
              throw new ParameterException(
                  spec.commandLine(), "--git-host-key: " + bad.message() + " (" + bad.hint() + ")");
        }
      }
      if (pinned.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "--git-ssh-key needs the server's key: add --git-host-key");
      }
      try {
        return new GitAuth.SshKey(null, SecretValue.of(Files.readAllBytes(gitSshKey)), pinned);
      } catch (IOException e) {
        throw new ParameterException(
            spec.commandLine(), "--git-ssh-key: cannot read " + gitSshKey + ": " + e.getMessage());
      }
    }
    return GitAuth.none();
  }

  /**
   * Serve's drift detection: skipped when another replica checked within half the interval; a
   * report with drift the policy reverts queues an apply.
   */
  private Function<DesiredTree, Optional<Wake>> driftCheck(
      Store store, DriverCache drivers, Duration every, Consumer<WorkFailure> failed) {
    DriftCheck.Settings settings =
        DriftCheck.Settings.defaults()
            .withParallelism(parallelism)
            .withNotifier(state -> Optional.of(Notifications.notifier(state, store)));
    DriftCheck check =
        new DriftCheck(
            new Validator(),
            drivers,
            store,
            driftOut == null ? settings : settings.withOut(driftOut));
    return tree -> {
      Instant since = Instant.now().minus(every.dividedBy(2));
      if (!store
          .runs()
          .history(Optional.of(Run.Kind.DRIFT), Optional.empty(), Optional.of(since), 1)
          .isEmpty()) {
        return Optional.empty();
      }
      return switch (check.run(tree)) {
        case DriftCheck.Result.Clean c -> Optional.empty();
        case DriftCheck.Result.Failed f -> {
          log.warn("drift check failed: {}", f.reason());
          failed.accept(
              new WorkFailure(
                  "drift schedule",
                  tree.commit().map(c -> "revision " + c).orElse("the working tree"),
                  f.reason(),
                  Instant.now()));
          yield Optional.empty();
        }
        case DriftCheck.Result.Drifted d -> {
          log.info("{}", d.document().headline());
          yield d.document().tree().path("summary").path("reverting").asInt(0) > 0
              ? Optional.of(Wake.manual("drift detected: revert what the policy allows"))
              : Optional.empty();
        }
      };
    };
  }

  private PullRequestReports.Settings reportSettings() {
    String token = forgeTokenEnv == null ? null : env.get(forgeTokenEnv);
    if (forgeTokenEnv != null && (token == null || token.isEmpty())) {
      throw new ParameterException(spec.commandLine(), forgeTokenEnv + " is not set or empty");
    }
    return new PullRequestReports.Settings(
        Optional.ofNullable(reportOut),
        Optional.ofNullable(forgeApi),
        Optional.ofNullable(forgeProject),
        Optional.ofNullable(token),
        Optional.ofNullable(reportUrl),
        parallelism);
  }

  /**
   * Pushes wake the loop; pull requests get their drift report (never an apply), which needs the
   * Git source.
   */
  private static TriggerSink sink(ServeLoop loop, Optional<PullRequestReports> reports) {
    return trigger -> {
      try {
        dispatch(trigger, loop, reports);
      } catch (Throwable e) {
        // One trigger that cannot be handed on is dropped (the next poll catches up); the
        // dispatch thread lives on.
        log.warn("trigger {} was dropped: {}", trigger, WorkFailure.reason(e));
      }
    };
  }

  private static void dispatch(
      Trigger trigger, ServeLoop loop, Optional<PullRequestReports> reports) {
    switch (trigger) {
      case Trigger.Push p ->
          loop.wake(
              Wake.push(p.forge().label() + " push " + p.ref() + " " + p.commit(), p.commit()));
      case Trigger.PullRequest pr -> {
        if (reports.isPresent()) {
          reports.get().submit(pr);
        } else {
          log.info(
              "pull request {} from {}: drift reports need --git-url",
              pr.number(),
              pr.forge().label());
        }
      }
      case Trigger.Ping ping -> log.info("ping from {}", ping.forge().label());
    }
  }

  private Duration duration(String text, String option) {
    return switch (DurationText.parse(text)) {
      case Parsed.Ok<Duration> ok -> ok.value();
      case Parsed.Invalid<Duration> bad ->
          throw new ParameterException(
              spec.commandLine(), option + ": " + bad.message() + " (" + bad.hint() + ")");
    };
  }

  private InetSocketAddress address(String text, String option) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new ParameterException(spec.commandLine(), option + ": write host:port");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), option + ": the port is not a number");
    }
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), option + ": the port is out of range");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), option + ": unknown host " + host);
    }
  }

  private static String text(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
