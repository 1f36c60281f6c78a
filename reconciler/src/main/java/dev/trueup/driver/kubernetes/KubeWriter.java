package dev.trueup.driver.kubernetes;

import dev.trueup.driver.kubernetes.model.KubeKind;
import dev.trueup.driver.kubernetes.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** How an object reaches the API server. */
public interface KubeWriter {

  /** Writes {@code object} into {@code namespace}; throws the client's exception on refusal. */
  HasMetadata write(KubernetesClient client, String namespace, HasMetadata object, boolean force);

  /** Server-side apply with field manager {@code trueup}: what trueup uses against a cluster. */
  static KubeWriter serverSideApply() {
    return (client, namespace, object, force) -> {
      var resource =
          KubeKind.of(object) == KubeKind.PROMETHEUS_RULE
              ? client
                  .genericKubernetesResources(KubeKind.PROMETHEUS_RULE.definition())
                  .inNamespace(namespace)
                  .resource((io.fabric8.kubernetes.api.model.GenericKubernetesResource) object)
              : client.resource(object).inNamespace(namespace);
      var apply = resource.fieldManager(Labels.FIELD_MANAGER);
      return force ? apply.forceConflicts().serverSideApply() : apply.serverSideApply();
    };
  }

  /**
   * Create, or update the whole object when it exists. This is the stand-in for fabric8's mock
   * server, which cannot do server-side apply: it has no field ownership, so no conflicts and no
   * sharing of an object with another manager. Not for real clusters.
   */
  static KubeWriter createOrUpdate() {
    return (client, namespace, object, force) -> {
      if (KubeKind.of(object) == KubeKind.PROMETHEUS_RULE) {
        return client
            .genericKubernetesResources(KubeKind.PROMETHEUS_RULE.definition())
            .inNamespace(namespace)
            .resource((io.fabric8.kubernetes.api.model.GenericKubernetesResource) object)
            .createOr(op -> op.update());
      }
      return client.resource(object).inNamespace(namespace).createOr(op -> op.update());
    };
  }
}
