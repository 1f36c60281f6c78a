package dev.trueup.review;

import dev.trueup.engine.Observers;
import dev.trueup.engine.PlanPipeline;
import dev.trueup.engine.PlanRun;
import dev.trueup.engine.Progress;
import dev.trueup.model.DesiredState;
import dev.trueup.model.Policy;
import dev.trueup.plan.Selection;
import dev.trueup.render.RepoFiles;
import dev.trueup.report.PlanJson;
import dev.trueup.report.ValidationJson;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

    ObjectNode root = Review.MAPPER.createObjectNode();
    root.put("format", Review.FORMAT);
    revision(root.putObject("base"), base);
    revision(root.putObject("head"), head);
    root.put("valid", headReport.valid());
    ObjectNode policyNode = root.putObject("policy");
    policyNode.put("from", baseState.isPresent() ? "base" : "built-in defaults (base is invalid)");
    policyNode.put("changedByHead", !sameFile(base.dir(), head.dir(), "policy.yaml"));
    root.set("desiredChange", Review.MAPPER.valueToTree(change));
    ObjectNode decisions = root.putObject("decisions");
    ArrayNode auto = decisions.putArray("autoApply");
    ArrayNode wait = decisions.putArray("waitForApproval");
    ArrayNode notify = decisions.putArray("notifyOnly");
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
      if (run.plan().isPresent()) {
        ObjectNode plan = PlanJson.tree(run.plan().get());
        // The revision is the head commit; the plan JSON names it as plan does.
        root.set("plan", plan);
        group(plan, auto, wait, notify);
      } else {
        root.putNull("plan");
      }
    } else {
      root.putNull("plan");
    }
    root.set("validation", ValidationJson.tree(headReport));
    return new Review(root);
  }

  private static void revision(ObjectNode o, Revisions.Revision r) {
    o.put("ref", r.ref());
    o.put("commit", r.commit());
    o.put("short", r.shortCommit());
  }

  static DesiredState withPolicy(DesiredState s, Policy policy) {
    return new DesiredState(
        s.fleet(),
        s.timezone(),
        s.environments(),
        s.secretProviders(),
        s.nodes(),
        policy,
        s.notifications());
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

  /** Every decided change by what happens when the pull request merges. */
  private static void group(JsonNode plan, ArrayNode auto, ArrayNode wait, ArrayNode notify) {
    for (JsonNode node : plan.get("nodes")) {
      for (JsonNode c : node.get("changes")) {
        if (!c.has("step")) {
          continue;
        }
        String step = c.get("step").asString();
        ArrayNode into =
            switch (step) {
              case "apply-now", "revert-drift" -> auto;
              case "notify-only", "drift-flagged", "flag-drift" -> notify;
              default -> wait;
            };
        ObjectNode o = into.addObject();
        o.put("node", node.get("node").asString());
        o.put("environment", node.get("environment").asString());
        o.put("symbol", c.get("symbol").asString());
        o.put("kind", c.get("kind").asString());
        o.put("id", c.get("id").asString());
        o.put("class", c.get("class").asString());
        o.put("rule", c.get("rule").asString());
        o.put("verdict", c.get("verdict").asString());
        o.put("step", step);
      }
    }
  }
}
