package dev.trueup.engine;

import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.driver.docker.model.DesiredContainer;
import dev.trueup.model.DesiredState;
import dev.trueup.model.FileContent;
import dev.trueup.model.ManagedFile;
import dev.trueup.model.Node;
import dev.trueup.model.value.ImageRef;
import dev.trueup.model.value.Parsed;
import dev.trueup.plan.Plan;
import dev.trueup.policy.ApplyTiming;
import dev.trueup.policy.ChangeContext;
import dev.trueup.policy.ChangeKey;
import dev.trueup.policy.Classification;
import dev.trueup.policy.Classifier;
import dev.trueup.policy.CommitMessage;
import dev.trueup.policy.Decider;
import dev.trueup.policy.Decision;
import dev.trueup.policy.Disruption;
import dev.trueup.policy.ImageBump;
import dev.trueup.policy.Origin;
import dev.trueup.policy.PromotionState;
import dev.trueup.policy.Step;
import dev.trueup.policy.Structural;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.ResourceKind;
import dev.trueup.source.Commit;
import dev.trueup.source.CommitLog;
import dev.trueup.source.DesiredTree;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies and decides every change of a plan: the structural floor, what the commits that
 * touched the change's source files say, the policy's rules, then the matrix. Reads commits (I/O)
 * and history; the classifier and decider themselves are pure.
 */
public final class DecideStage {
  private final DecisionHistory history;
  private final Clock clock;

  public DecideStage(DecisionHistory history) {
    this(history, Clock.systemUTC());
  }

  /**
   * @param clock now, for maintenance windows
   */
  public DecideStage(DecisionHistory history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  public Plan decide(Plan plan, DesiredState state, Map<String, DesiredNode> rendered, Path repo) {
    return decide(plan, state, rendered, DesiredTree.of(repo));
  }

  public Plan decide(
      Plan plan, DesiredState state, Map<String, DesiredNode> rendered, DesiredTree tree) {
    return decide(plan, state, rendered, tree, Map.of());
  }

  /**
   * @param busy by node, what each busy check answered in the observation (see {@link BusyAnswers})
   */
  public Plan decide(
      Plan plan,
      DesiredState state,
      Map<String, DesiredNode> rendered,
      DesiredTree tree,
      Map<String, Map<String, ApplyTiming.Answer>> busy) {
    Instant now = clock.instant();
    Classifier classifier = new Classifier(state.policy());
    Decider decider = new Decider(state.policy(), state.environments());
    PromotionState promotion = withStaged(history.promotion(state), state, rendered);
    try (Commits commits = new Commits(tree)) {
      return plan.decided(
          (nodePlan, change) -> {
            Node node = state.nodes().get(nodePlan.node());
            Optional<DesiredResource> resource =
                Optional.ofNullable(rendered.get(nodePlan.node()))
                    .flatMap(d -> d.find(change.kind(), change.id()));
            ChangeKey key = ChangeKey.of(change, resource);
            ChangeContext context = context(node, change, key, commits);
            if (change.kind() == ResourceKind.CONTAINER) {
              context =
                  containerContext(
                      context,
                      change,
                      resource,
                      history.lastAppliedRevision(node.name()).isPresent());
            }
            Classification classification = classifier.classify(change, context);
            Decision decision =
                decider.decide(key, context, classification, promotion, history.approvals());
            return ApplyTiming.hold(
                snoozed(decision, change),
                node.timing(),
                Disruption.of(node, change.kind(), change.id(), containerService(change)),
                busy.getOrDefault(node.name(), Map.of()),
                now);
          });
    }
  }

  /** The service a container change's id names ({@code trueup-<service>}). */
  private static Optional<String> containerService(Change change) {
    return change.kind() == ResourceKind.CONTAINER
            && change.id().startsWith(DesiredContainer.PREFIX)
        ? Optional.of(change.id().substring(DesiredContainer.PREFIX.length()))
        : Optional.empty();
  }

  /** Live drift a person snoozed is left alone, and said so, until the snooze ends. */
  private Decision snoozed(Decision decision, Change change) {
    if (decision.step() != Step.REVERT_DRIFT && decision.step() != Step.FLAG_DRIFT) {
      return decision;
    }
    return history
        .snoozed(change.node(), change.kind(), change.id())
        .map(why -> new Decision(decision.verdict(), decision.classification(), Step.SNOOZED, why))
        .orElse(decision);
  }

  /**
   * The environment production promotes from: the one just before the last in promotion order
   * (staging in development → staging → production).
   */
  static Optional<String> stagingEnvironment(DesiredState state) {
    List<String> order = state.environments();
    return order.size() < 2 ? Optional.empty() : Optional.of(order.get(order.size() - 2));
  }

  /** Adds what staging nodes' desired state carries now (rendered in this run). */
  private static PromotionState withStaged(
      PromotionState known, DesiredState state, Map<String, DesiredNode> rendered) {
    Optional<String> staging = stagingEnvironment(state);
    Set<PromotionState.Resource> staged = new java.util.HashSet<>(known.staged());
    for (DesiredNode d : rendered.values()) {
      if (staging.isPresent() && d.environment().equals(staging.get())) {
        for (DesiredResource r : d.resources()) {
          staged.add(new PromotionState.Resource(r.id(), ChangeKey.fingerprint(r)));
        }
      }
    }
    return new PromotionState(known.verified(), staged);
  }

  private ChangeContext context(Node node, Change change, ChangeKey key, Commits commits) {
    Origin origin =
        history.applied(key)
            ? Origin.LIVE_DRIFT
            : history.appliedAny(change.node(), change.kind(), change.id())
                ? Origin.DESIRED_CHANGED
                : Origin.NEW;
    ChangeContext context =
        ChangeContext.of(node.environment())
            .withGroups(node.groups().toArray(String[]::new))
            .withOrigin(origin);
    if (change.kind() == ResourceKind.SCHEDULE) {
      context = context.with(Structural.SCHEDULE);
    } else if (change.kind() == ResourceKind.ALERT_RULES) {
      context = context.with(Structural.ALERT_THRESHOLD);
    }
    // A node added to an applied fleet: not one that was there from the first run and missed it.
    if (history.lastAppliedRevision(node.name()).isEmpty() && history.joinedLater(node.name())) {
      context = context.with(Structural.NODE_ADDED);
    }
    if (origin != Origin.LIVE_DRIFT) {
      List<CommitMessage> messages =
          commits.touching(history.lastAppliedRevision(node.name()), sources(node, change));
      context = context.withCommits(messages.toArray(CommitMessage[]::new));
    }
    return context;
  }

  /**
   * What a container change touches: its service; the image it moves from and to (so that a patch
   * bump of the tag classifies as a bugfix); a service added to a node that was applied before
   * ({@code nodeApplied}: a first apply adds everything, which is not a service added), or removed;
   * ports, volumes, network, secret references and environment.
   */
  static ChangeContext containerContext(
      ChangeContext context,
      Change change,
      Optional<DesiredResource> resource,
      boolean nodeApplied) {
    Optional<DesiredContainer> spec =
        resource
            .filter(r -> r instanceof dev.trueup.driver.docker.model.DesiredContainerResource)
            .map(r -> ((dev.trueup.driver.docker.model.DesiredContainerResource) r).spec());
    String service =
        spec.map(DesiredContainer::service).or(() -> containerService(change)).orElse(change.id());
    ChangeContext out = context.withService(service);
    switch (change.action()) {
      case CREATE -> {
        if (nodeApplied) {
          out = out.with(Structural.SERVICE_ADDED);
        }
      }
      case DELETE -> out = out.with(Structural.SERVICE_REMOVED);
      default -> {}
    }
    for (FieldChange f : change.fields()) {
      String field = f.field();
      if (field.equals("image")
          && change.action() == dev.trueup.diff.Action.UPDATE
          && f.desired().isPresent()
          && f.live().isPresent()
          && ImageRef.parse(f.live().get()) instanceof Parsed.Ok<ImageRef>(ImageRef from)
          && ImageRef.parse(f.desired().get()) instanceof Parsed.Ok<ImageRef>(ImageRef to)) {
        out = out.withImage(new ImageBump(from, to));
      } else if (field.equals("ports") && change.action() != dev.trueup.diff.Action.CREATE) {
        out = out.with(Structural.PORTS);
      } else if (field.equals("volumes") && change.action() != dev.trueup.diff.Action.CREATE) {
        out = out.with(Structural.VOLUMES);
      } else if (field.equals("network") && change.action() != dev.trueup.diff.Action.CREATE) {
        out = out.with(Structural.NETWORK);
      } else if (field.startsWith("env.") && change.action() == dev.trueup.diff.Action.UPDATE) {
        String name = field.substring("env.".length());
        boolean secret =
            spec.map(d -> d.secretEnv().containsKey(name)).orElse(false)
                || f.live().map(v -> v.startsWith("{secret:")).orElse(false);
        out = out.with(secret ? Structural.SECRET_REFERENCE : Structural.SERVICE_ENVIRONMENT);
      }
    }
    List<String> refs = new ArrayList<>();
    spec.ifPresent(d -> d.secretEnv().values().forEach(r -> refs.add(r.name())));
    return refs.isEmpty() ? out : out.withSecretRefs(refs.toArray(String[]::new));
  }

  /** The repository files a change comes from: where it was declared, and its template/source. */
  private static Set<String> sources(Node node, Change change) {
    Set<String> out = new LinkedHashSet<>();
    change.origin().ifPresent(o -> out.add(o.file()));
    ManagedFile file = node.files().get(change.id());
    if (file != null) {
      switch (file.content()) {
        case FileContent.Template t -> out.add(t.template());
        case FileContent.Source s -> out.add(s.source());
        case FileContent.Inline i -> {}
        case FileContent.Secret secret -> {}
      }
    }
    return out;
  }

  /**
   * Commit messages by source files, read once per set of files (many nodes share them). The range
   * starts after the node's last applied revision; a node never applied counts all history. When
   * that revision is no commit of this history (a content digest, a commit another clone made, one
   * a rewrite dropped) nobody can say which commits are new: no message counts, so the change keeps
   * its structural class or the default, never a bug fix borrowed from an old commit.
   */
  private static final class Commits implements AutoCloseable {
    private final DesiredTree tree;
    private final Optional<CommitLog> log;
    private final Map<String, List<CommitMessage>> cache = new java.util.HashMap<>();

    Commits(DesiredTree tree) {
      this.tree = tree;
      Optional<CommitLog> opened = Optional.empty();
      if (tree.commit().isPresent()) {
        try {
          opened = Optional.of(CommitLog.open(tree.history().orElseThrow()));
        } catch (RuntimeException e) {
          opened = Optional.empty();
        }
      }
      this.log = opened;
    }

    synchronized List<CommitMessage> touching(Optional<String> since, Set<String> paths) {
      if (log.isEmpty() || paths.isEmpty()) {
        return List.of();
      }
      if (since.isPresent() && !log.get().knows(since.get())) {
        return List.of();
      }
      String cacheKey = since.orElse("") + "|" + String.join(",", paths);
      return cache.computeIfAbsent(
          cacheKey,
          k -> {
            List<CommitMessage> out = new ArrayList<>();
            List<String> inHistory = paths.stream().map(tree::historyPath).toList();
            for (Commit c : log.get().touching(since, tree.commit().orElseThrow(), inHistory)) {
              out.add(new CommitMessage(c.shortId(), c.message()));
            }
            return out;
          });
    }

    @Override
    public void close() {
      log.ifPresent(CommitLog::close);
    }
  }
}
