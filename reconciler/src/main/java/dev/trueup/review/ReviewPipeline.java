package dev.trueup.review;

import dev.trueup.engine.Observers;
import dev.trueup.engine.PlanPipeline;
import dev.trueup.engine.PlanRun;
import dev.trueup.engine.Progress;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Policy;
import dev.trueup.plan.Plan;
import dev.trueup.plan.Selection;
import dev.trueup.render.RepoFiles;
import dev.trueup.validate.ValidationReport;
import dev.trueup.validate.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The review of a pull request: validate the head, compare its resolved desired state with the
 * base's, plan the affected nodes against the live fleet and decide every change with the BASE
 * revision's policy (a pull request cannot widen what it may do). Observes only: the pipeline holds
 * no appliers' caller, so a review never changes a node.
 */
public final class ReviewPipeline {
  private final Validator validator;
  private final Function<DesiredState, ? extends Observers> drivers;
  private final int parallelism;

  public ReviewPipeline(
      Validator validator, Function<DesiredState, ? extends Observers> drivers, int parallelism) {
    this.validator = validator;
    this.drivers = drivers;
    this.parallelism = parallelism;
  }

  public Review run(Revisions.Revision base, Revisions.Revision head) {
    ValidationReport baseReport = validator.validate(base.dir());
    ValidationReport headReport = validator.validate(head.dir());
    Optional<DesiredState> baseState = baseReport.state();
    Policy policy = baseState.map(DesiredState::policy).orElseGet(Policy::defaults);
    DesiredChange change =
        DesiredChange.between(
            baseState,
            RepoFiles.directory(base.dir()),
            headReport.state(),
            RepoFiles.directory(head.dir()));

    Optional<Plan> plan = Optional.empty();
    if (headReport.valid() && !change.plannable().isEmpty()) {
      PlanRun run =
          new PlanPipeline(
                  validator,
                  drivers,
                  parallelism,
                  Progress.NONE,
                  new SinceBase(
                      base.commit(), baseState.map(st -> st.nodes().keySet()).orElse(Set.of())))
              .run(
                  head.dir(),
                  Selection.of(new TreeSet<>(change.plannable()), Set.of(), Set.of()),
                  s -> withPolicy(s, policy));
      plan = run.plan();
    }
    return new Review(
        Review.Commit.of(base),
        Review.Commit.of(head),
        new Review.PolicySource(
            baseState.isPresent() ? "base" : "built-in defaults (base is invalid)",
            !sameFile(base.dir(), head.dir(), "policy.yaml")),
        change,
        plan,
        headReport);
  }

  static DesiredState withPolicy(DesiredState s, Policy policy) {
    return new DesiredState(
        s.fleet(),
        s.timezone(),
        s.environments(),
        s.secretProviders(),
        s.nodes(),
        policy,
        s.notifications(),
        s.alerting());
  }

  private static boolean sameFile(Path a, Path b, String name) {
    try {
      Path x = a.resolve(name);
      Path y = b.resolve(name);
      if (!Files.exists(x) || !Files.exists(y)) {
        return Files.exists(x) == Files.exists(y);
      }
      return Arrays.equals(Files.readAllBytes(x), Files.readAllBytes(y));
    } catch (IOException e) {
      return false;
    }
  }
}
