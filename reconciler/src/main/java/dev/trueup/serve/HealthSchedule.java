package dev.trueup.serve;

import dev.trueup.apply.HealthAnswer;
import dev.trueup.engine.BoundedFanOut;
import dev.trueup.engine.DriverCache;
import dev.trueup.engine.Wake;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.source.DesiredTree;
import dev.trueup.store.HealthSamples;
import dev.trueup.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serve's health monitor, run by the loop between cycles: every declared health check of every
 * node's services, once, recorded as a sample. Uptime per environment and each node's health
 * history are read from the samples. It runs on the desired state serve last ran (a revision that
 * failed validation changes nothing here), skips when another replica sampled within half the
 * interval, and never applies or wakes anything.
 */
final class HealthSchedule implements Function<DesiredTree, Optional<Wake>> {
  private static final Logger log = LoggerFactory.getLogger(HealthSchedule.class);

  /** Uptime looks back 30 days; a few more are kept so the 30 d figure never runs short. */
  static final Duration KEPT = Duration.ofDays(35);

  private final Store store;
  private final DriverCache drivers;
  private final Supplier<Optional<DesiredState>> state;
  private final Duration every;
  private final int parallelism;
  private final Clock clock;

  HealthSchedule(
      Store store,
      DriverCache drivers,
      Supplier<Optional<DesiredState>> state,
      Duration every,
      int parallelism,
      Clock clock) {
    this.store = store;
    this.drivers = drivers;
    this.state = state;
    this.every = every;
    this.parallelism = Math.max(1, parallelism);
    this.clock = clock;
  }

  @Override
  public Optional<Wake> apply(DesiredTree tree) {
    Optional<DesiredState> current = state.get();
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> last = store.healthSamples().latest();
    if (last.isPresent() && last.get().isAfter(clock.instant().minus(every.dividedBy(2)))) {
      return Optional.empty();
    }
    List<HealthSamples.Sample> samples = sample(current.get());
    if (!samples.isEmpty()) {
      store.healthSamples().record(samples);
      long failing = samples.stream().filter(s -> !s.healthy()).count();
      log.info("health: {} check(s), {} failing", samples.size(), failing);
    }
    store.healthSamples().prune(clock.instant().minus(KEPT));
    return Optional.empty();
  }

  /**
   * Every node's checks, nodes in parallel (bounded), one script per node by its applier. A node
   * whose checks could not be run at all fails each of them, so uptime counts it as down.
   */
  List<HealthSamples.Sample> sample(DesiredState desired) {
    var forState = drivers.apply(desired);
    List<Node> checked =
        desired.nodes().values().stream()
            .filter(n -> n.services().values().stream().anyMatch(s -> s.health().isPresent()))
            .toList();
    List<HealthSamples.Sample> out = new ArrayList<>();
    BoundedFanOut.each(
            checked,
            parallelism,
            node -> samples(node, forState.applierFor(node).healthNow(node)),
            (node, why) -> {
              log.warn("health: the checks of {} could not run: {}", node.name(), why.toString());
              return samples(node, couldNotRun(node, why));
            })
        .values()
        .forEach(out::addAll);
    return out;
  }

  private static List<HealthAnswer> couldNotRun(Node node, Throwable why) {
    return node.services().values().stream()
        .filter(s -> s.health().isPresent())
        .map(
            s ->
                new HealthAnswer(
                    s.name(),
                    false,
                    Optional.of("the check could not run: " + why.getClass().getSimpleName())))
        .toList();
  }

  private List<HealthSamples.Sample> samples(Node node, List<HealthAnswer> answers) {
    Instant at = clock.instant();
    return answers.stream()
        .map(
            a ->
                new HealthSamples.Sample(
                    node.name(), node.environment(), a.service(), a.healthy(), a.reason(), at))
        .toList();
  }
}
