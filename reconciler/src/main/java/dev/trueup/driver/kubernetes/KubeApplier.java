package dev.trueup.driver.kubernetes;

import dev.trueup.driver.kubernetes.model.ConflictPolicy;
import dev.trueup.driver.kubernetes.model.DesiredNamespace;
import dev.trueup.driver.kubernetes.model.KubeChange;
import dev.trueup.driver.kubernetes.model.KubeKind;
import dev.trueup.driver.kubernetes.model.KubeOutcome;
import dev.trueup.driver.kubernetes.model.Labels;
import dev.trueup.driver.kubernetes.model.LiveNamespace;
import dev.trueup.driver.kubernetes.model.ObjectKey;
import dev.trueup.driver.kubernetes.model.Ownership;
import dev.trueup.driver.kubernetes.model.SecretMaterializer;
import dev.trueup.model.SecretRef;
import dev.trueup.secrets.SecretNotFound;
import dev.trueup.secrets.SecretValue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries out a namespace's changes: creates and updates through a {@link KubeWriter} (server-side
 * apply with field manager {@code trueup} against a cluster), deletes objects that carry trueup's
 * labels for the node and are no longer desired. Secrets get their values here and only here. Each
 * object is its own outcome: one refusal does not stop the others.
 */
public final class KubeApplier {

  private static final Pattern MANAGER = Pattern.compile("conflict with \"([^\"]+)\"");

  private final KubernetesClient client;
  private final String namespace;
  private final KubeWriter writer;

  public KubeApplier(KubernetesClient client, String namespace, KubeWriter writer) {
    this.client = client;
    this.namespace = namespace;
    this.writer = writer;
  }

  /**
   * Applies {@code changes}; in addition, a desired Secret whose resolved values no longer match
   * the live fingerprint is rewritten (a plan cannot see values, so it cannot list that change).
   *
   * @param secrets resolves a reference to its value, e.g. {@code ref -> resolver.resolve(node,
   *     ref)}
   * @param policy what a conflict with another field manager leads to
   */
  public List<KubeOutcome> apply(
      DesiredNamespace desired,
      LiveNamespace live,
      List<KubeChange> changes,
      Function<SecretRef, SecretValue> secrets,
      ConflictPolicy policy) {
    List<KubeOutcome> outcomes = new ArrayList<>();
    Set<ObjectKey> planned = new LinkedHashSet<>();
    List<KubeChange> writes =
        changes.stream()
            .filter(c -> c.action() != KubeChange.Action.DELETE)
            .sorted(Comparator.comparing(KubeChange::key))
            .toList();
    for (KubeChange change : writes) {
      planned.add(change.key());
      HasMetadata object = desired.objects().get(change.key());
      if (object == null) {
        outcomes.add(new KubeOutcome.Failed(change.key(), "not in the desired objects"));
        continue;
      }
      outcomes.add(write(change.key(), change.action(), object, live, secrets, policy, false));
    }
    for (Map.Entry<ObjectKey, HasMetadata> e : desired.objects().entrySet()) {
      if (e.getValue() instanceof Secret && !planned.contains(e.getKey())) {
        KubeOutcome o =
            write(e.getKey(), KubeChange.Action.UPDATE, e.getValue(), live, secrets, policy, true);
        if (o != null) {
          outcomes.add(o);
        }
      }
    }
    List<KubeChange> deletes =
        changes.stream()
            .filter(c -> c.action() == KubeChange.Action.DELETE)
            .sorted(Comparator.comparing(KubeChange::key).reversed())
            .toList();
    for (KubeChange change : deletes) {
      outcomes.add(delete(change.key(), live));
    }
    return outcomes;
  }

  private KubeOutcome write(
      ObjectKey key,
      KubeChange.Action action,
      HasMetadata object,
      LiveNamespace live,
      Function<SecretRef, SecretValue> secrets,
      ConflictPolicy policy,
      boolean onlyIfValuesChanged) {
    HasMetadata toWrite = Ownership.claimed(object, live.autoscaled());
    if (toWrite instanceof Secret planned) {
      Secret filled;
      try {
        filled = SecretMaterializer.materialize(planned, secrets);
      } catch (SecretNotFound e) {
        return new KubeOutcome.Failed(key, e.getMessage());
      }
      if (onlyIfValuesChanged
          && live.objects().get(key) instanceof Secret existing
          && SecretMaterializer.fingerprint(filled)
              .equals(SecretMaterializer.fingerprint(existing))) {
        return null;
      }
      toWrite = filled;
    }
    try {
      writer.write(client, namespace, toWrite, policy == ConflictPolicy.FORCE);
      return new KubeOutcome.Applied(key, action);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return conflict(key, e);
      }
      return new KubeOutcome.Failed(key, describe(key, e));
    }
  }

  private KubeOutcome delete(ObjectKey key, LiveNamespace live) {
    HasMetadata existing = live.objects().get(key);
    if (existing == null || !Labels.ownedBy(existing.getMetadata().getLabels(), live.node())) {
      // Only what carries trueup's labels for this node is ever deleted.
      return new KubeOutcome.Failed(key, "not labelled as trueup's for node " + live.node());
    }
    try {
      var resource =
          key.kind() == KubeKind.PROMETHEUS_RULE
              ? client
                  .genericKubernetesResources(KubeKind.PROMETHEUS_RULE.definition())
                  .inNamespace(namespace)
                  .withName(key.name())
              : client.resource(existing).inNamespace(namespace);
      resource.delete();
      return new KubeOutcome.Applied(key, KubeChange.Action.DELETE);
    } catch (KubernetesClientException e) {
      return new KubeOutcome.Failed(key, describe(key, e));
    }
  }

  /** A 409 from server-side apply: who owns what, from the Status the API server returns. */
  static KubeOutcome.Conflict conflict(ObjectKey key, KubernetesClientException e) {
    Set<String> managers = new LinkedHashSet<>();
    List<String> fields = new ArrayList<>();
    String message = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
    if (e.getStatus() != null && e.getStatus().getDetails() != null) {
      List<StatusCause> causes = e.getStatus().getDetails().getCauses();
      if (causes != null) {
        for (StatusCause cause : causes) {
          if (cause.getField() != null) {
            fields.add(cause.getField());
          }
          managers.addAll(managersIn(cause.getMessage()));
        }
      }
    }
    managers.addAll(managersIn(message));
    String who = managers.isEmpty() ? "another field manager" : String.join(", ", managers);
    return new KubeOutcome.Conflict(
        key,
        List.copyOf(managers),
        fields,
        key
            + ": fields owned by "
            + who
            + (fields.isEmpty() ? "" : " (" + String.join(", ", fields) + ")")
            + "; not forced — take them over only by choosing the FORCE conflict policy, or hand"
            + " them to trueup in the cluster");
  }

  private static List<String> managersIn(String text) {
    List<String> found = new ArrayList<>();
    if (text != null) {
      Matcher m = MANAGER.matcher(text);
      while (m.find()) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  private static String describe(ObjectKey key, KubernetesClientException e) {
    // A refusal of a Secret is reported by code only: the server's message could quote content.
    String detail =
        key.kind() == KubeKind.SECRET || e.getStatus() == null ? null : e.getStatus().getMessage();
    return "HTTP " + e.getCode() + (detail == null ? "" : ": " + detail);
  }
}
