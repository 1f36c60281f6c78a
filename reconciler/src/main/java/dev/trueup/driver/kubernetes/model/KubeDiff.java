package dev.trueup.driver.kubernetes.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Desired against live for one namespace, on the fields trueup owns ({@link OwnedFields}). Pure.
 * Objects are created when missing, updated when an owned field differs, and deleted only when they
 * carry trueup's labels for this node and are no longer desired. A Secret's values never appear: a
 * Secret is compared on its references and, when the desired side carries one, its fingerprint.
 */
public final class KubeDiff {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private KubeDiff() {}

  public static List<KubeChange> diff(DesiredNamespace desired, LiveNamespace live) {
    List<KubeChange> changes = new ArrayList<>();
    for (Map.Entry<ObjectKey, HasMetadata> e : desired.objects().entrySet()) {
      HasMetadata want = Ownership.claimed(e.getValue(), live.autoscaled());
      HasMetadata have = live.objects().get(e.getKey());
      if (have == null) {
        changes.add(new KubeChange(e.getKey(), KubeChange.Action.CREATE, created(want)));
        continue;
      }
      List<KubeField> fields = fields(want, have);
      if (!fields.isEmpty()) {
        changes.add(new KubeChange(e.getKey(), KubeChange.Action.UPDATE, fields));
      }
    }
    for (Map.Entry<ObjectKey, HasMetadata> e : live.objects().entrySet()) {
      if (!desired.objects().containsKey(e.getKey())
          && Labels.ownedBy(e.getValue().getMetadata().getLabels(), live.node())) {
        changes.add(new KubeChange(e.getKey(), KubeChange.Action.DELETE, List.of()));
      }
    }
    return changes;
  }

  /** The owned fields in which {@code live} differs from {@code desired}. */
  public static List<KubeField> fields(HasMetadata desired, HasMetadata live) {
    return OwnedFields.compare(map(desired), map(live), desired instanceof Secret);
  }

  private static List<KubeField> created(HasMetadata want) {
    if (want instanceof Secret s) {
      return List.of(
          KubeField.of(
              "metadata.annotations." + Labels.SECRET_REFS,
              s.getMetadata().getAnnotations().get(Labels.SECRET_REFS),
              null));
    }
    return List.of();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(HasMetadata object) {
    return SERIALIZATION.convertValue(object, Map.class);
  }
}
