package dev.trueup.driver.kubernetes.model;

import dev.trueup.diff.Action;
import dev.trueup.diff.Change;
import dev.trueup.diff.FieldChange;
import dev.trueup.diff.KindDiffer;
import dev.trueup.diff.Note;
import dev.trueup.observe.LiveNode;
import dev.trueup.render.DesiredNode;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.ResourceKind;
import java.util.List;
import java.util.Optional;

/** The kubernetes driver's diff of a node's namespace, as the plan's changes. */
public final class KubernetesChanges implements KindDiffer {

  /**
   * The kubernetes driver's diff, as plan changes of kind {@link ResourceKind#KUBERNETES_OBJECT}
   * (id {@code Kind/name}), with the owned fields that differ. A Secret's values are never shown:
   * its fields are its references and "changed".
   */
  @Override
  public void diff(DesiredNode desired, LiveNode observed, List<Change> changes, List<Note> notes) {
    if (observed.part(LiveNamespace.class).isEmpty()) {
      return;
    }
    LiveNamespace live = observed.part(LiveNamespace.class).get();
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
