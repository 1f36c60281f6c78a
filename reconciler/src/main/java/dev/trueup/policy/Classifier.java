package dev.trueup.policy;

import dev.trueup.diff.Change;
import dev.trueup.model.ChangeClass;
import dev.trueup.model.Policy;
import dev.trueup.model.PolicyRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gives every change its class: the strongest of the structural floor, what the commits that
 * touched it say, and the first policy rule with a {@code class:} that matches it. On a tie the
 * earlier source is kept (structure, then commits in the order given, then policy), so the rule
 * reported is the most concrete one. When none of them says anything the change is minor: an
 * unknown content change is not assumed to be a bug fix.
 */
public final class Classifier {
  static final Classification UNKNOWN =
      new Classification(
          ChangeClass.MINOR,
          "built-in default (no rule classifies it)",
          "nothing structural, no commit and no policy rule classifies it; unknown changes are"
              + " minor");

  private final Policy policy;

  public Classifier(Policy policy) {
    this.policy = policy;
  }

  public Classification classify(Change change, ChangeContext context) {
    List<Classification> candidates = new ArrayList<>();
    context.image().flatMap(Classifier::image).ifPresent(candidates::add);
    for (Structural s : structural(change, context.structural())) {
      candidates.add(s.classification());
    }
    // Live drift is not something a commit did: the commits have nothing to say about it.
    if (context.origin() != Origin.LIVE_DRIFT) {
      for (CommitMessage commit : context.commits()) {
        commit(commit).ifPresent(candidates::add);
      }
    }
    new RuleTarget(change.node(), change.kind(), context)
        .firstClassRule(policy.rules())
        .map(Classifier::rule)
        .ifPresent(candidates::add);
    return candidates.stream().reduce(Classification::strongest).orElse(UNKNOWN);
  }

  private static Set<Structural> structural(Change change, Set<Structural> given) {
    EnumSet<Structural> all = EnumSet.noneOf(Structural.class);
    all.addAll(given);
    switch (change.kind()) {
      case SCHEDULE -> all.add(Structural.SCHEDULE);
      case ALERT_RULES -> all.add(Structural.ALERT_THRESHOLD);
      case USER, GROUP -> {
        if (change.action() == dev.trueup.diff.Action.DELETE) {
          all.add(Structural.ACCOUNT_REMOVED);
        }
      }
      default -> {}
    }
    return all;
  }

  private static Optional<Classification> image(ImageBump bump) {
    ChangeClass c =
        switch (bump.kind()) {
          case PATCH -> ChangeClass.BUGFIX;
          case MINOR, UNKNOWN -> ChangeClass.MINOR;
          // Going back to a version nobody vouched for is treated like a new major one.
          case MAJOR, DOWNGRADE -> ChangeClass.MAJOR;
        };
    String kind = bump.kind().name().toLowerCase(java.util.Locale.ROOT);
    return Optional.of(
        new Classification(
            c, "structural: image " + kind, "image " + bump + " is a " + kind + " change"));
  }

  private static Optional<Classification> commit(CommitMessage commit) {
    ConventionalCommit parsed = ConventionalCommit.parse(commit.message());
    return parsed
        .changeClass()
        .map(
            c ->
                new Classification(
                    c,
                    "commit " + commit.shortId() + ": " + parsed.evidence(),
                    "commit "
                        + commit.shortId()
                        + " \""
                        + parsed.subject()
                        + "\" says "
                        + c.yaml()));
  }

  private static Classification rule(PolicyRule rule) {
    ChangeClass c = rule.changeClass().orElseThrow();
    return new Classification(
        c,
        "policy rule " + rule.name(),
        "policy.yaml rule " + rule.name() + " makes it " + c.yaml());
  }
}
