package dev.trueup.serve;

import dev.trueup.engine.DriverCache;
import dev.trueup.engine.PlanPipeline;
import dev.trueup.engine.PlanRun;
import dev.trueup.engine.Progress;
import dev.trueup.engine.StoreHistory;
import dev.trueup.observe.LiveNode;
import dev.trueup.plan.ExitStatus;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.report.PlanJson;
import dev.trueup.report.ValidationJson;
import dev.trueup.server.PlanService;
import dev.trueup.source.DesiredTree;
import dev.trueup.store.Store;
import dev.trueup.validate.ValidationReport;
import dev.trueup.validate.Validator;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Plans made by serve for the API: the revision it follows, observed over the connections it keeps
 * for every node (so a warm serve pays no SSH handshake), decided with its store's history. Runs on
 * the request's thread: a plan never waits for a reconcile cycle, nor a cycle for a plan (a node's
 * connection is used by one of them at a time).
 */
final class ServePlans implements PlanService {
  private final Supplier<DesiredTree> tree;
  private final DriverCache drivers;
  private final Store store;
  private final int parallelism;
  // Built once: its schemas take a while to load, and checking with them is safe across threads.
  private final Validator validator = new Validator();

  ServePlans(Supplier<DesiredTree> tree, DriverCache drivers, Store store, int parallelism) {
    this.tree = tree;
    this.drivers = drivers;
    this.store = store;
    this.parallelism = parallelism;
  }

  /** The validation of one revision on one day: what validating it again would give. */
  private record Validated(String revision, LocalDate day, ValidationReport report) {}

  private final AtomicReference<Validated> last = new AtomicReference<>();

  /**
   * The tree's revision and validation, the validation made once per revision (a commit, or a
   * directory's content digest) and day (some checks read today's date): loading and checking the
   * YAML was a quarter of a warm plan's CPU in serve.
   */
  private Validated validated(DesiredTree desired) {
    String revision = desired.revision();
    LocalDate day = LocalDate.now(validator.clock());
    Validated v = last.get();
    if (v == null || !v.revision().equals(revision) || !v.day().equals(day)) {
      v = new Validated(revision, day, validator.validate(desired.files()));
      last.set(v);
    }
    return v;
  }

  @Override
  public Answer plan(Set<String> nodes, Set<String> environments, Set<String> groups) {
    DesiredTree desired;
    try {
      desired = tree.get();
    } catch (RuntimeException e) {
      return new Answer.Unavailable("no revision to plan yet: " + e.getMessage());
    }
    Validated validated = validated(desired);
    PlanRun run =
        new PlanPipeline(
                validator,
                state -> drivers.apply(state).keptOpen(),
                parallelism,
                Progress.NONE,
                new StoreHistory(store))
            .run(
                desired,
                validated.revision(),
                validated.report(),
                Selection.of(nodes, environments, groups),
                UnaryOperator.identity());
    if (!run.unknownSelection().isEmpty()) {
      return new Answer.Unknown(run.unknownSelection());
    }
    if (run.plan().isEmpty()) {
      return new Answer.Invalid(ValidationJson.render(run.validation()));
    }
    Plan plan = run.plan().get();
    Map<String, List<PlanService.Declared>> declared = new TreeMap<>();
    run.rendered()
        .forEach(
            (name, node) -> {
              LiveNode live =
                  run.live()
                      .getOrDefault(
                          name,
                          LiveNode.unreachable(
                              name, new dev.trueup.live.Reachability.Unreachable("not observed")));
              declared.put(
                  name,
                  node.resources().stream()
                      .map(
                          r ->
                              new PlanService.Declared(
                                  r.kind().json(),
                                  r.id(),
                                  r.origin().file(),
                                  r.origin().line(),
                                  LiveSummary.of(live, r.kind(), r.id())))
                      .toList());
            });
    return new Answer.Planned(PlanJson.write(plan), ExitStatus.of(plan).code(), declared);
  }
}
