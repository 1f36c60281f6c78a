package dev.trueup.diff;

import dev.trueup.driver.kubernetes.model.DesiredNamespace;
import dev.trueup.driver.kubernetes.model.KubeChange;
import dev.trueup.driver.kubernetes.model.KubeDiff;
import dev.trueup.driver.kubernetes.model.LiveNamespace;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.DesiredResource.DesiredKubeObject;
import dev.trueup.render.ResourceKind;
import java.util.List;
import java.util.Optional;

/** The kubernetes driver's diff of a node's namespace, as the plan's changes. */
final class KubernetesChanges {
  private KubernetesChanges() {}

  /**
   * The kubernetes driver's diff, as plan changes of kind {@link ResourceKind#KUBERNETES_OBJECT}
   * (id {@code Kind/name}), with the owned fields that differ. A Secret's values are never shown:
   * its fields are its references and "changed".
   */
  static void add(DesiredNode desired, LiveNamespace live, List<Change> changes) {
    java.util.Map<String, DesiredKubeObject> byId = new java.util.HashMap<>();
    DesiredNamespace namespace = DesiredNamespace.empty(desired.node());
    for (DesiredResource r : desired.resources()) {
      if (r instanceof DesiredKubeObject k) {
        byId.put(k.id(), k);
        namespace = k.namespace();
      }
    }
    for (KubeChange c : KubeDiff.diff(namespace, live)) {
      Action action =
          switch (c.action()) {
            case CREATE -> Action.CREATE;
            case UPDATE -> Action.UPDATE;
            case DELETE -> Action.DELETE;
          };
      String id = c.key().toString();
      List<FieldChange> fields =
          c.fields().stream().map(f -> new FieldChange(f.path(), f.desired(), f.live())).toList();
      boolean secret = id.startsWith("Secret/");
      changes.add(
          new Change(
              desired.node(),
              ResourceKind.KUBERNETES_OBJECT,
              id,
              action,
              fields,
              List.of(),
              secret
                  ? Optional.of("secret-bearing: references only, values never shown")
                  : Optional.empty(),
              action == Action.DELETE
                  ? Optional.empty()
                  : Optional.ofNullable(byId.get(id)).map(DesiredKubeObject::origin)));
    }
  }
}
