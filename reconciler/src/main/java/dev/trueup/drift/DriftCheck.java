package dev.trueup.drift;

import dev.trueup.engine.ApplyPipeline;
import dev.trueup.engine.DecisionHistory;
import dev.trueup.engine.Observers;
import dev.trueup.engine.PlanPipeline;
import dev.trueup.engine.PlanRun;
import dev.trueup.engine.Progress;
import dev.trueup.engine.RunScope;
import dev.trueup.engine.StoreHistory;
import dev.trueup.engine.WorkFailure;
import dev.trueup.model.AlertLevel;
import dev.trueup.model.DesiredState;
import dev.trueup.notify.Event;
import dev.trueup.notify.Events;
import dev.trueup.notify.Notifier;
import dev.trueup.plan.NodePlan;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.policy.Decision;
import dev.trueup.policy.Step;
import dev.trueup.review.Archive;
import dev.trueup.source.DesiredTree;
import dev.trueup.store.DriftRecord;
import dev.trueup.store.Run;
import dev.trueup.store.Store;
import dev.trueup.validate.Validator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled drift check: validate → render → observe → diff → decide over every node, read only
 * (it holds a {@link PlanPipeline}, which has no way to apply), then record what live state
 * departed from the applied revision.
 *
 * <p>Every check records a run of kind {@code drift} and a {@code drift_reports} row; a clean check
 * has zero counts (history shows "checked, clean") and writes no file. When nodes drifted or could
 * not be observed it also saves the decided plan, writes {@code <out>/<yyyy-MM-dd>-drift-<short
 * revision>-<HHmm>.json} and the {@code .md} rendered from it (plus the archive's {@code index.md})
 * when an output directory is set, and raises a {@code drift-detected} event per drifted node (high
 * when drift is flagged for review, medium when the next apply reverts it) and the usual
 * unreachable / host-key events.
 *
 * <p>Drift is told apart from desired-state changes exactly as the decide stage does: a change
 * whose exact desired content was applied to the node before is live drift (step {@code
 * revert-drift} or {@code flag-drift}); a change desired state asks for and no apply made yet is
 * pending, counted but not reported as drift.
 */
public final class DriftCheck {
  private static final Logger log = LoggerFactory.getLogger(DriftCheck.class);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR_MINUTE =
      DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC);

  /**
   * How a check runs.
   *
   * @param out the archive directory for report files; empty writes none (the store row is kept)
   * @param trigger what the run records as its trigger, e.g. {@code schedule} or {@code manual}
   * @param notifier where drift events go, given the desired state (channels and routing come from
   *     it); empty sends none
   * @param lease the run lease other runs hold the check's run to ({@code --run-lease})
   */
  public record Settings(
      Optional<Path> out,
      int parallelism,
      Clock clock,
      String trigger,
      Function<DesiredState, Optional<Notifier>> notifier,
      Duration lease) {

    public static Settings defaults() {
      return new Settings(
          Optional.empty(),
          8,
          Clock.systemUTC(),
          "schedule",
          s -> Optional.empty(),
          ApplyPipeline.LEASE);
    }

    public Settings withLease(Duration l) {
      return new Settings(out, parallelism, clock, trigger, notifier, l);
    }

    public Settings withOut(Path dir) {
      return new Settings(Optional.ofNullable(dir), parallelism, clock, trigger, notifier, lease);
    }

    public Settings withTrigger(String t) {
      return new Settings(out, parallelism, clock, t, notifier, lease);
    }

    public Settings withClock(Clock c) {
      return new Settings(out, parallelism, c, trigger, notifier, lease);
    }

    public Settings withParallelism(int n) {
      return new Settings(out, n, clock, trigger, notifier, lease);
    }

    public Settings withNotifier(Function<DesiredState, Optional<Notifier>> n) {
      return new Settings(out, parallelism, clock, trigger, n, lease);
    }
  }

  /** What a check found. */
  public sealed interface Result {
    /** Every node observed, nothing drifted; the row says so, no file was written. */
    record Clean(DriftRecord report) implements Result {}

    /**
     * Drift, or nodes that could not be observed.
     *
     * @param paths the Markdown and JSON files written (empty without an output directory)
     */
    record Drifted(DriftRecord report, DriftReport document, List<Path> paths) implements Result {
      public Drifted {
        paths = List.copyOf(paths);
      }
    }

    /**
     * The check could not run (invalid desired state, store or observation failure).
     *
     * @param runId the run recorded as failed, when one was started
     */
    record Failed(String reason, Optional<Long> runId) implements Result {}
  }

  private final Validator validator;
  private final Function<DesiredState, ? extends Observers> drivers;
  private final Store store;
  private final Settings settings;

  public DriftCheck(
      Validator validator,
      Function<DesiredState, ? extends Observers> drivers,
      Store store,
      Settings settings) {
    this.validator = validator;
    this.drivers = drivers;
    this.store = store;
    this.settings = settings;
  }

  /** As {@link #run(Path, String)} with the tree's own revision (its clean commit, or a digest). */
  public Result run(Path tree) {
    return run(tree, null);
  }

  /**
   * Checks the whole fleet once against the synced working tree. This is what {@code trueup serve
   * --drift-every DURATION} calls on its schedule (and {@code trueup drift} once): pass the tree
   * the source synced and the revision it synced (a commit id; null or blank takes the tree's own).
   * It never applies, takes no node locks and never throws for a fleet problem: failures come back
   * as {@link Result.Failed}.
   */
  public Result run(Path tree, String revision) {
    return run(DesiredTree.of(tree), revision);
  }

  /**
   * As {@link #run(Path, String)} for a desired revision whose commit history lives elsewhere (the
   * Git source's mirror), so the plan's revision and classification are the apply run's.
   */
  public Result run(DesiredTree tree) {
    return run(tree, tree.commit().orElse(null));
  }

  private Result run(DesiredTree tree, String revision) {
    Run run;
    try {
      run = store.runs().start(Run.Kind.DRIFT, settings.trigger(), blankToNull(revision));
    } catch (RuntimeException e) {
      return new Result.Failed("the state store refused the run: " + message(e), Optional.empty());
    }
    try {
      return RunScope.run(
          store,
          run,
          settings.lease(),
          r -> {
            Result result = check(tree, revision, r);
            String summary =
                switch (result) {
                  case Result.Clean c -> "clean: " + c.report().nodesChecked() + " node(s) checked";
                  case Result.Drifted d -> d.document().headline();
                  case Result.Failed f -> "failed: " + f.reason();
                };
            return new RunScope.Ending<>(
                result,
                result instanceof Result.Failed ? Run.Status.FAILED : Run.Status.SUCCEEDED,
                summary);
          },
          DriftCheck::failure);
    } catch (RuntimeException | Error e) {
      // An error too: a template that includes itself must not end serve's loop thread.
      String why = failure(e);
      log.warn("{}", why);
      return new Result.Failed(why, Optional.of(run.id()));
    }
  }

  private static String failure(Throwable e) {
    return "drift check failed: " + (e instanceof Error ? WorkFailure.reason(e) : message(e));
  }

  private Result check(DesiredTree tree, String revision, Run run) {
    DecisionHistory history = new StoreHistory(store);
    PlanRun planned =
        new PlanPipeline(validator, drivers, settings.parallelism(), Progress.NONE, history)
            .run(tree, Selection.all());
    if (planned.plan().isEmpty()) {
      return new Result.Failed(
          "the desired state is invalid ("
              + planned.validation().errors()
              + " error(s)): nothing was checked",
          Optional.of(run.id()));
    }
    Plan plan = planned.plan().get();
    String rev = revision == null || revision.isBlank() ? plan.desiredRevision() : revision;
    if (revision == null || revision.isBlank()) {
      store.runs().setDesiredRevision(run.id(), rev);
    }
    Instant at = settings.clock().instant();
    DriftReport report = DriftReport.of(plan, rev, at, run.id());
    if (report.clean()) {
      DriftRecord row = store.driftReports().record(row(run, report, at, null));
      return new Result.Clean(row);
    }
    store.plans().save(run.id(), plan);
    List<Path> paths = List.of();
    if (settings.out().isPresent()) {
      String name =
          DAY.format(at) + "-drift-" + report.shortRevision() + "-" + HOUR_MINUTE.format(at);
      paths =
          new Archive(settings.out().get())
              .writeDrift(name, report.json(), DriftMarkdown.render(report));
    }
    DriftRecord row =
        store
            .driftReports()
            .record(row(run, report, at, paths.isEmpty() ? null : paths.getFirst().toString()));
    planned.validation().state().ifPresent(state -> notify(state, plan, report));
    return new Result.Drifted(row, report, paths);
  }

  private static DriftRecord.New row(Run run, DriftReport r, Instant at, String file) {
    return new DriftRecord.New(
        run.id(),
        r.revision(),
        at,
        r.nodesChecked(),
        r.nodesDrifted(),
        r.changes(),
        r.unreachable(),
        r.json(),
        file,
        r.nodeEntries());
  }

  private void notify(DesiredState state, Plan plan, DriftReport report) {
    try {
      Optional<Notifier> notifier = settings.notifier().apply(state);
      if (notifier.isPresent()) {
        notifier.get().record(events(plan));
      }
    } catch (RuntimeException e) {
      log.warn("drift events could not be queued: {}", message(e));
    }
  }

  /**
   * The events of a drift check: per drifted node one {@code drift-detected} (high when any of its
   * drift is flagged for review, medium when the next apply reverts all of it), and for nodes not
   * observed the same events an apply raises (so the outbox de-duplicates the two).
   */
  public static List<Event> events(Plan plan) {
    List<Event> out = new ArrayList<>();
    for (NodePlan np : plan.nodes()) {
      Optional<Event> unreachable = Events.reachability(np);
      if (unreachable.isPresent()) {
        out.add(unreachable.get());
        continue;
      }
      List<String> lines = new ArrayList<>();
      boolean flagged = false;
      for (int i = 0; i < np.changes().size(); i++) {
        Optional<Decision> d = np.decision(i);
        if (d.isEmpty() || !DriftReport.isDrift(d.get())) {
          continue;
        }
        flagged |= d.get().step() == Step.FLAG_DRIFT;
        var c = np.changes().get(i);
        lines.add(
            c.action().toString().toLowerCase(Locale.ROOT)
                + " "
                + c.kind().json()
                + " "
                + c.id()
                + " ("
                + d.get().step().label()
                + ")");
      }
      if (!lines.isEmpty()) {
        out.add(
            Event.of(
                flagged ? AlertLevel.HIGH : AlertLevel.MEDIUM,
                Event.Kind.DRIFT_DETECTED,
                np.node(),
                np.node() + ": " + lines.size() + " resource(s) drifted from the applied revision",
                lines));
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
