package dev.trueup.engine;

import dev.trueup.backend.Renderer;
import dev.trueup.live.Reachability;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Planner;
import dev.trueup.plan.Selection;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.RepoFiles;
import dev.trueup.source.DesiredTree;
import dev.trueup.validate.ValidationReport;
import dev.trueup.validate.Validator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The dry run: validate → render → observe → diff → plan. It holds observers only, so nothing in it
 * can change a node: a dry run is a pipeline that never reaches apply, not a flag.
 */
public final class PlanPipeline {
  private final Validator validator;
  private final Function<DesiredState, ? extends Observers> drivers;
  private final int parallelism;
  private final Progress progress;
  private final DecisionHistory history;

  public PlanPipeline(
      Validator validator,
      Function<DesiredState, ? extends Observers> drivers,
      int parallelism,
      Progress progress,
      DecisionHistory history) {
    this.validator = validator;
    this.drivers = drivers;
    this.parallelism = Math.max(1, parallelism);
    this.progress = progress;
    this.history = history;
  }

  public PlanPipeline(
      Validator validator,
      Function<DesiredState, ? extends Observers> drivers,
      int parallelism,
      Progress progress) {
    this(validator, drivers, parallelism, progress, DecisionHistory.NONE);
  }

  public PlanRun run(Path repo, Selection selection) {
    return run(DesiredTree.of(repo), selection, UnaryOperator.identity());
  }

  public PlanRun run(DesiredTree tree, Selection selection) {
    return run(tree, selection, UnaryOperator.identity());
  }

  public PlanRun run(Path repo, Selection selection, UnaryOperator<DesiredState> adjust) {
    return run(DesiredTree.of(repo), selection, adjust);
  }

  /**
   * As {@link #run(DesiredTree, Selection)}, with the validated desired state adjusted before
   * anything is planned or decided (a pull-request review decides with the base revision's policy).
   */
  public PlanRun run(DesiredTree tree, Selection selection, UnaryOperator<DesiredState> adjust) {
    return run(tree, tree.revision(), validator.validate(tree.files()), selection, adjust);
  }

  /**
   * As {@link #run(DesiredTree, Selection, UnaryOperator)}, with the tree's revision named and its
   * validation made already: serve plans one revision many times, validates it once, and names a
   * directory's revision by reading it once per plan, not twice.
   */
  public PlanRun run(
      DesiredTree tree,
      String revision,
      ValidationReport report,
      Selection selection,
      UnaryOperator<DesiredState> adjust) {
    if (!report.valid()) {
      return PlanRun.invalid(report);
    }
    DesiredState state = adjust.apply(report.state().orElseThrow());
    List<String> unknown = selection.unknownNames(state);
    if (!unknown.isEmpty()) {
      return PlanRun.unknownSelection(report, unknown);
    }
    Planner planner = new Planner(new Renderer(RepoFiles.directory(report.repo())));
    Map<String, DesiredNode> rendered = planner.render(state, selection);
    Map<String, LiveNode> live;
    try (Observers open = drivers.apply(state)) {
      live = observe(state, rendered, open);
    }
    Plan plan = planner.plan(state, rendered, live, selection, revision);
    Plan decided =
        new DecideStage(history, validator.clock())
            .decide(plan, state, rendered, tree, BusyAnswers.of(live));
    return new PlanRun(report, Optional.of(decided), rendered, live);
  }

  /**
   * Every selected node at once, at most {@code parallelism} in flight; one failure stays local.
   */
  private Map<String, LiveNode> observe(
      DesiredState state, Map<String, DesiredNode> rendered, Observers open) {
    AtomicInteger done = new AtomicInteger();
    int total = rendered.size();
    Map<String, LiveNode> live =
        BoundedFanOut.each(
            rendered.keySet(),
            parallelism,
            name -> {
              DesiredNode desired = rendered.get(name);
              Node node = state.nodes().get(desired.node());
              try {
                return open.observerFor(node)
                    .observe(
                        node, Renderer.request(desired).withBusyChecks(node.timing().deferWhen()));
              } finally {
                progress.observed(done.incrementAndGet(), total, node.name());
              }
            },
            (name, why) ->
                LiveNode.unreachable(
                    rendered.get(name).node(),
                    new Reachability.Unreachable(
                        why instanceof InterruptedException
                            ? "interrupted"
                            : "observation failed: " + why.getClass().getSimpleName())));
    Map<String, LiveNode> out = new TreeMap<>();
    live.forEach((name, node) -> out.put(rendered.get(name).node(), node));
    return out;
  }
}
