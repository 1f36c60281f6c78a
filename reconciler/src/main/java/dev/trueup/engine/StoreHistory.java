package dev.trueup.engine;

import dev.trueup.model.DesiredState;
import dev.trueup.model.Node;
import dev.trueup.policy.ChangeKey;
import dev.trueup.policy.PromotionState;
import dev.trueup.render.ResourceKind;
import dev.trueup.store.Approval;
import dev.trueup.store.Outcome;
import dev.trueup.store.Store;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Decision history read from the state store, once per node per run. */
public final class StoreHistory implements DecisionHistory {
  private static final int OUTCOMES_PER_NODE = 5000;

  private final Store store;
  private final Map<String, List<Outcome>> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> converged = new ConcurrentHashMap<>();
  private final Set<ChangeKey> approvals;
  private final boolean hasHistory;
  // Read with the rest, once: a plan asks it for every node and again for every change.
  private final Map<String, String> applied = new java.util.HashMap<>();
  private final List<dev.trueup.store.Snooze> snoozes;

  public StoreHistory(Store store) {
    this.store = store;
    for (var r : store.appliedRevisions().all()) {
      applied.put(r.node(), r.desiredRevision());
    }
    this.hasHistory = !applied.isEmpty();
    this.snoozes = store.snoozes().active();
    Set<ChangeKey> approved = new HashSet<>();
    for (Approval a : store.approvals().approved()) {
      try {
        approved.add(ChangeKey.parse(a.changeKey()));
      } catch (IllegalArgumentException ignored) {
        // written by another version: it approves nothing this one can name
      }
    }
    this.approvals = Set.copyOf(approved);
  }

  @Override
  public Optional<String> snoozed(String node, ResourceKind kind, String id) {
    return snoozes.stream()
        .filter(s -> s.node().equals(node) && s.covers(kind.json(), id))
        .findFirst()
        .map(s -> "snoozed until " + s.until() + " by " + s.by() + ": " + s.reason());
  }

  @Override
  public boolean joinedLater(String node) {
    return hasHistory && store.nodeContacts().joinedLater(node);
  }

  @Override
  public boolean hasHistory() {
    return hasHistory;
  }

  /**
   * Whatever was applied: a commit, or the content digest of a directory outside Git (the node was
   * applied all the same). Which of them can bound a commit range is the commit log's to say.
   */
  @Override
  public Optional<String> lastAppliedRevision(String node) {
    return Optional.ofNullable(applied.get(node));
  }

  private List<Outcome> outcomes(String node) {
    return outcomes.computeIfAbsent(node, n -> store.outcomes().forNode(n, OUTCOMES_PER_NODE));
  }

  private Map<String, String> converged(String node) {
    return converged.computeIfAbsent(node, n -> store.convergedResources().forNode(n));
  }

  /**
   * The node carried this exact desired resource when a run last left it (wrote it, or found it
   * so), or, for what runs before the converged record wrote, an outcome applied it.
   */
  @Override
  public boolean applied(ChangeKey key) {
    String last = converged(key.node()).get(key.kind().json() + ":" + key.id());
    if (last != null) {
      return last.equals(key.fingerprint());
    }
    String text = key.text();
    return outcomes(key.node()).stream()
        .anyMatch(o -> o.result() == Outcome.Result.APPLIED && o.changeKey().equals(text));
  }

  @Override
  public boolean appliedAny(String node, ResourceKind kind, String id) {
    if (converged(node).containsKey(kind.json() + ":" + id)) {
      return true;
    }
    String prefix = node + ":" + kind.json() + ":" + id + "@";
    return outcomes(node).stream()
        .anyMatch(o -> o.result() == Outcome.Result.APPLIED && o.changeKey().startsWith(prefix));
  }

  @Override
  public PromotionState promotion(DesiredState state) {
    Set<PromotionState.Resource> verified = new HashSet<>();
    Optional<String> staging = DecideStage.stagingEnvironment(state);
    for (Node node : state.nodes().values()) {
      if (staging.isEmpty() || !node.environment().equals(staging.get())) {
        continue;
      }
      for (Outcome o : outcomes(node.name())) {
        if (o.result() != Outcome.Result.APPLIED) {
          continue;
        }
        try {
          ChangeKey k = ChangeKey.parse(o.changeKey());
          verified.add(new PromotionState.Resource(k.id(), k.fingerprint()));
        } catch (IllegalArgumentException ignored) {
          // not a key this version writes
        }
      }
    }
    return new PromotionState(verified, Set.of());
  }

  @Override
  public Set<ChangeKey> approvals() {
    return approvals;
  }
}
