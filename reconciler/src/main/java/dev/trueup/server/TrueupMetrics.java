package dev.trueup.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * trueup's meters, exposed in the Prometheus text format on {@code /metrics}.
 *
 * <p>Labels are low-cardinality and never secret: run status, change class and verdict, the
 * environment (never the node name), the forge and a fixed set of webhook results.
 *
 * <ul>
 *   <li>{@code trueup_runs_total{status}} and {@code trueup_run_duration_seconds}
 *   <li>{@code trueup_changes_total{class,verdict}}
 *   <li>{@code trueup_approvals_pending}
 *   <li>{@code trueup_node_reachable{environment}}: how many nodes answered in the last observation
 *   <li>{@code trueup_git_fetch_failures_total} and {@code trueup_git_staleness_seconds}
 *   <li>{@code trueup_webhook_requests_total{forge,result}}
 * </ul>
 */
public final class TrueupMetrics {
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final Timer runDuration;
  private final Counter gitFetchFailures;
  private final AtomicLong pendingApprovals = new AtomicLong();
  private final Map<String, AtomicLong> reachable = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> lastGitSync = new AtomicReference<>();

  public TrueupMetrics() {
    this(Clock.systemUTC());
  }

  public TrueupMetrics(Clock clock) {
    this.clock = clock;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.runDuration =
        Timer.builder("trueup.run.duration").description("How long runs take").register(registry);
    this.gitFetchFailures =
        Counter.builder("trueup.git.fetch.failures")
            .description("Git fetches of the desired state that failed")
            .register(registry);
    Gauge.builder("trueup.approvals.pending", pendingApprovals, AtomicLong::get)
        .description("Changes waiting for a person's decision")
        .register(registry);
    Gauge.builder("trueup.git.staleness", this, TrueupMetrics::gitStalenessSeconds)
        .description("Seconds since the desired state was last fetched (since start if never)")
        .baseUnit("seconds")
        .register(registry);
    lastGitSync.set(clock.instant());
    for (String status : new String[] {"succeeded", "failed", "interrupted"}) {
      runsCounter(status);
    }
    for (String result : WebhookResult.LABELS) {
      for (Forge f : Forge.values()) {
        webhookCounter(f.label(), result);
      }
    }
  }

  /**
   * A run ended with {@code status} ({@code succeeded}, {@code failed}, ...) after {@code took}.
   */
  public void runFinished(String status, Duration took) {
    runsCounter(status.toLowerCase(Locale.ROOT)).increment();
    runDuration.record(took);
  }

  /**
   * What a run produced: its status and duration, every decided change by class and verdict,
   * reachable nodes per environment, approvals now pending. Labels are bounded vocabularies only.
   */
  public void record(dev.trueup.engine.ApplyRun run, Duration took) {
    runFinished(run.failed() ? "failed" : "succeeded", took);
    run.plan()
        .ifPresent(
            plan -> {
              java.util.Map<String, Long> reachableByEnvironment = new java.util.TreeMap<>();
              for (dev.trueup.plan.NodePlan node : plan.nodes()) {
                reachableByEnvironment.merge(
                    node.environment(),
                    node.reachability() instanceof dev.trueup.live.Reachability.Observed ? 1L : 0L,
                    Long::sum);
                for (int i = 0; i < node.changes().size(); i++) {
                  node.decision(i)
                      .ifPresent(
                          d -> change(d.classification().changeClass().yaml(), d.verdict().yaml()));
                }
              }
              reachableByEnvironment.forEach(this::nodesReachable);
            });
    pendingApprovals(run.held().size());
  }

  /** A change was planned with a class ({@code bugfix}, {@code minor}, ...) and verdict. */
  public void change(String changeClass, String verdict) {
    Counter.builder("trueup.changes")
        .description("Planned changes by class and verdict")
        .tag("class", changeClass.toLowerCase(Locale.ROOT))
        .tag("verdict", verdict.toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  public void pendingApprovals(long n) {
    pendingApprovals.set(n);
  }

  /** How many nodes of an environment answered the last observation. */
  public void nodesReachable(String environment, long count) {
    reachable
        .computeIfAbsent(
            environment,
            env -> {
              AtomicLong v = new AtomicLong();
              Gauge.builder("trueup.node.reachable", v, AtomicLong::get)
                  .description("Nodes that answered the last observation, per environment")
                  .tag("environment", env)
                  .register(registry);
              return v;
            })
        .set(count);
  }

  public void gitFetchFailed() {
    gitFetchFailures.increment();
  }

  public void gitFetched(Instant at) {
    lastGitSync.set(at);
  }

  /** A webhook request ended with a result (one of {@link WebhookResult}). */
  public void webhook(String forge, WebhookResult result) {
    webhookCounter(forge, result.label()).increment();
  }

  /** An Alertmanager webhook request ended: accepted, refused (bad credentials), malformed. */
  public void alertmanager(String result) {
    Counter.builder("trueup.alertmanager.requests")
        .description("Alertmanager webhook requests, by result")
        .tag("result", result)
        .register(registry)
        .increment();
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private double gitStalenessSeconds() {
    Instant last = lastGitSync.get();
    return Math.max(0, Duration.between(last, clock.instant()).toMillis() / 1000.0);
  }

  private Counter runsCounter(String status) {
    return Counter.builder("trueup.runs")
        .description("Runs by how they ended")
        .tag("status", status)
        .register(registry);
  }

  private Counter webhookCounter(String forge, String result) {
    return Counter.builder("trueup.webhook.requests")
        .description("Webhook requests by forge and result")
        .tag("forge", forge)
        .tag("result", result)
        .register(registry);
  }
}
