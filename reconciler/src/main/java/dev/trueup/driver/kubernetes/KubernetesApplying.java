package dev.trueup.driver.kubernetes;

import dev.trueup.apply.ApplyJournal;
import dev.trueup.apply.ChangeResult;
import dev.trueup.apply.ChangeResult.Status;
import dev.trueup.apply.NodeApplier;
import dev.trueup.apply.NodeApplyResult;
import dev.trueup.apply.NodeApplyResult.Outcome;
import dev.trueup.diff.Change;
import dev.trueup.driver.kubernetes.model.DesiredNamespace;
import dev.trueup.driver.kubernetes.model.KubeOutcome;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.ResourceKind;
import dev.trueup.secrets.SecretResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The write side of a kubernetes node: the plan's object changes go to the kubernetes driver
 * ({@link KubernetesDriver#apply}: re-observed, server-side applied as field manager {@code
 * trueup}, never forced). Each object is its own result: a conflict fails that change with a reason
 * naming the other field manager and leaves the others alone. Secret values are resolved here, at
 * write time, and appear in no result.
 */
public final class KubernetesApplying implements NodeApplier {

  private final KubernetesDriver driver;
  private final SecretResolver secrets;

  public KubernetesApplying(KubernetesDriver driver, SecretResolver secrets) {
    this.driver = driver;
    this.secrets = secrets;
  }

  /** A pod's health is its probes', which the cluster runs: the monitor samples none here. */
  @Override
  public List<dev.trueup.apply.HealthAnswer> healthNow(Node node) {
    return List.of();
  }

  @Override
  public NodeApplyResult apply(
      Node node, DesiredNode desired, List<Change> changes, ApplyJournal journal) {
    long start = System.nanoTime();
    if (changes.isEmpty()) {
      return new NodeApplyResult(
          node.name(),
          Outcome.NO_CHANGES,
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Duration.ZERO);
    }
    DesiredNamespace namespace = DesiredNamespace.empty(node.name());
    for (DesiredResource r : desired.resources()) {
      if (r instanceof dev.trueup.driver.kubernetes.model.DesiredKubeObject k) {
        namespace = k.namespace();
      }
    }
    Set<String> ids = new HashSet<>();
    List<Change> results = new ArrayList<>();
    List<ChangeResult> skipped = new ArrayList<>();
    for (Change c : changes) {
      if (c.kind() == ResourceKind.KUBERNETES_OBJECT) {
        ids.add(c.id());
        results.add(c);
      } else {
        skipped.add(ChangeResult.of(c, Status.SKIPPED, "not applicable to a kubernetes node"));
      }
    }
    List<KubeOutcome> outcomes;
    try {
      outcomes = driver.apply(node, namespace, ids, ref -> secrets.resolve(node, ref));
    } catch (KubeconfigRefused e) {
      return NodeApplyResult.refused(node.name(), changes, e.getMessage());
    } catch (RuntimeException e) {
      return NodeApplyResult.refused(
          node.name(), changes, "kubernetes API: " + e.getClass().getSimpleName());
    }
    Map<String, KubeOutcome> byId = new HashMap<>();
    outcomes.forEach(o -> byId.put(o.key().toString(), o));
    List<ChangeResult> out = new ArrayList<>();
    boolean failed = false;
    for (Change c : results) {
      KubeOutcome o = byId.get(c.id());
      ChangeResult r =
          switch (o) {
            case null -> ChangeResult.of(c, Status.SKIPPED, "already as desired when re-observed");
            case KubeOutcome.Applied a -> ChangeResult.of(c, Status.APPLIED, null);
            case KubeOutcome.Conflict x -> ChangeResult.of(c, Status.FAILED, x.message());
            case KubeOutcome.Failed f -> ChangeResult.of(c, Status.FAILED, f.message());
          };
      failed |= r.status() == Status.FAILED;
      out.add(r);
    }
    out.addAll(skipped);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new NodeApplyResult(
        node.name(),
        failed ? Outcome.FAILED : Outcome.APPLIED,
        out,
        failed ? Optional.of("some kubernetes objects were not applied") : Optional.empty(),
        Optional.empty(),
        elapsed);
  }
}
