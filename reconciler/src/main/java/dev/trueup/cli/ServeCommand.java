package dev.trueup.cli;

import dev.trueup.engine.Drivers;
import dev.trueup.engine.LoopTiming;
import dev.trueup.model.DesiredState;
import dev.trueup.model.value.DurationText;
import dev.trueup.model.value.Parsed;
import dev.trueup.serve.Running;
import dev.trueup.serve.Serve;
import dev.trueup.serve.ServeSettings;
import dev.trueup.server.Forge;
import dev.trueup.server.SourceRepository;
import dev.trueup.source.GitSourceSpec;
import dev.trueup.store.Owner;
import dev.trueup.store.Store;
import dev.trueup.store.StoreLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trueup serve}: the options of the long-running reconciler, read into {@link ServeSettings}
 * (a bad value or an unset variable is a usage error, exit 1), and the line it prints once
 * listening. What runs, and how it stops, is {@link Serve} and {@link Running}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Run the reconciler: sync the desired state on a poll or a webhook, apply what the"
            + " policy allows, and serve /healthz, /readyz, /metrics, /api/v1 and /webhooks.")
final class ServeCommand implements Callable<Integer> {
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

  @Mixin GitOptions git;

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
      names = "--alertmanager-token-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding the bearer token Alertmanager posts fired alerts to"
              + " /alerts/alertmanager with; without it every such post is refused.")
  String alertTokenEnv;

  @Option(
      names = "--dashboard-users",
      paramLabel = "FILE",
      description =
          "The dashboard's users beside the API token (which logs in as admin): 'name role token'"
              + " per line, role viewer, approver or admin.")
  java.nio.file.Path dashboardUsers;

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
      names = "--health-every",
      defaultValue = "1m",
      description =
          "Run every declared health check of the services once this often and record what it"
              + " answered: uptime per environment and each node's health history on the dashboard"
              + " (0 turns it off; default: ${DEFAULT-VALUE}).")
  String healthEvery;

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
      description =
          "Failed nodes tolerated per run: no new node is started once more than this many have"
              + " failed (default: ${DEFAULT-VALUE}, so a second failure stops; 0 stops at the"
              + " first).")
  int maxFailed;

  @Option(names = "--parallelism", defaultValue = "8", description = "Nodes at once.")
  int parallelism;

  @Mixin StoreOption storeOption;

  /** Where secrets are read from (the process environment; tests give their own). */
  Map<String, String> env = System.getenv();

  /** The drivers every cycle keeps open (tests give drivers they can watch). */
  Function<DesiredState, Drivers> drivers = Drivers::standard;

  /** How long stopping waits for the cycle in flight (tests shorten it). */
  Duration closeWait = LoopTiming.DEFAULT_CLOSE_WAIT;

  @Override
  public Integer call() throws Exception {
    return start(spec.commandLine().getOut()).untilStopped();
  }

  /** Starts serving; the caller owns the result and closes it. */
  Running start(PrintWriter out) throws IOException {
    ServeSettings settings = settings();
    Store store = storeOption.open(replicaId != null ? replicaId : Owner.randomReplicaId());
    Running running = Serve.start(settings, store);
    out.printf(
        "trueup serve: api on %s, webhooks on %s, polling every %s%n",
        text(running.api().address()),
        text(running.receiver().address()),
        DurationText.render(settings.poll()));
    out.flush();
    return running;
  }

  /** The options as settings; a bad value or an unset variable is a usage error. */
  private ServeSettings settings() {
    String apiToken = apiTokenEnv == null ? null : env.get(apiTokenEnv);
    if (apiTokenEnv != null && (apiToken == null || apiToken.isEmpty())) {
      throw new ParameterException(spec.commandLine(), apiTokenEnv + " is not set or empty");
    }
    String alertToken = alertTokenEnv == null ? null : env.get(alertTokenEnv);
    if (alertTokenEnv != null && (alertToken == null || alertToken.isEmpty())) {
      throw new ParameterException(spec.commandLine(), alertTokenEnv + " is not set or empty");
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
    return new ServeSettings(
        source(),
        duration(poll, "--poll"),
        duration(runLease, "--run-lease"),
        interval(driftEvery, "--drift-every"),
        Optional.ofNullable(driftOut),
        interval(healthEvery, "--health-every"),
        interval(notifyEvery, "--notify-every"),
        address(listen, "--listen"),
        address(webhookListen, "--webhook-listen"),
        Optional.ofNullable(apiToken),
        Optional.ofNullable(alertToken),
        Optional.ofNullable(dashboardUsers),
        secrets,
        webhookSource(),
        reportSettings(),
        parallelism,
        maxFailed,
        closeWait,
        drivers);
  }

  private ServeSettings.Source source() {
    if (source.repo != null) {
      return new ServeSettings.Source.Directory(source.repo);
    }
    Path workDir =
        git.gitWorkDir != null
            ? git.gitWorkDir
            : StoreLocation.defaultDirectory(env).getParent().resolve("git");
    try {
      return new ServeSettings.Source.Git(
          new GitSourceSpec(
              source.gitUrl, git.gitRef, git.auth(env, spec.commandLine()), null, workDir));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * The repository webhooks must name: {@code --webhook-repository}, else the path of {@code
   * --git-url}; a directory or a local path names none, and then any signed delivery is taken (say
   * so).
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
      spec.commandLine()
          .getErr()
          .println(
              "warning: webhooks are not matched to a repository ("
                  + u.why()
                  + "): any signed push wakes a sync; name the forge repository with"
                  + " --webhook-repository");
    }
    return repo;
  }

  /** An interval option where 0 turns the schedule off. */
  private Optional<Duration> interval(String text, String option) {
    return text.equals("0") ? Optional.empty() : Optional.of(duration(text, option));
  }

  private ServeSettings.Reports reportSettings() {
    String token = forgeTokenEnv == null ? null : env.get(forgeTokenEnv);
    if (forgeTokenEnv != null && (token == null || token.isEmpty())) {
      throw new ParameterException(spec.commandLine(), forgeTokenEnv + " is not set or empty");
    }
    return new ServeSettings.Reports(
        Optional.ofNullable(reportOut),
        Optional.ofNullable(forgeApi),
        Optional.ofNullable(forgeProject),
        Optional.ofNullable(token),
        Optional.ofNullable(reportUrl));
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
