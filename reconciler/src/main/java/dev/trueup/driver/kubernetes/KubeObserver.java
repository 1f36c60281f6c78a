package dev.trueup.driver.kubernetes;

import dev.trueup.driver.kubernetes.model.KubeKind;
import dev.trueup.driver.kubernetes.model.Labels;
import dev.trueup.driver.kubernetes.model.LiveNamespace;
import dev.trueup.driver.kubernetes.model.ObjectKey;
import dev.trueup.driver.kubernetes.model.SecretMaterializer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a kubernetes node's namespace: one list request per kind, filtered by trueup's labels for
 * the node, plus the namespace's autoscalers. Secret data is dropped as soon as it arrives.
 */
public final class KubeObserver {

  private final KubernetesClient client;
  private final String namespace;

  public KubeObserver(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public LiveNamespace observe(String node) {
    TreeMap<ObjectKey, HasMetadata> objects = new TreeMap<>();
    String selector = Labels.selector(node);
    for (KubeKind kind : KubeKind.values()) {
      for (HasMetadata o : list(kind, selector)) {
        HasMetadata kept = o instanceof Secret s ? withoutData(s) : o;
        objects.put(new ObjectKey(kind, kept.getMetadata().getName()), kept);
      }
    }
    return new LiveNamespace(node, objects, autoscaled());
  }

  private List<? extends HasMetadata> list(KubeKind kind, String selector) {
    return switch (kind) {
      case SECRET ->
          client.secrets().inNamespace(namespace).withLabelSelector(selector).list().getItems();
      case CONFIG_MAP ->
          client.configMaps().inNamespace(namespace).withLabelSelector(selector).list().getItems();
      case DEPLOYMENT ->
          client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withLabelSelector(selector)
              .list()
              .getItems();
      case SERVICE ->
          client.services().inNamespace(namespace).withLabelSelector(selector).list().getItems();
      case CRON_JOB ->
          client
              .batch()
              .v1()
              .cronjobs()
              .inNamespace(namespace)
              .withLabelSelector(selector)
              .list()
              .getItems();
      case PROMETHEUS_RULE -> prometheusRules(selector);
    };
  }

  private List<? extends HasMetadata> prometheusRules(String selector) {
    try {
      return client
          .genericKubernetesResources(KubeKind.PROMETHEUS_RULE.definition())
          .inNamespace(namespace)
          .withLabelSelector(selector)
          .list()
          .getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        // No Prometheus Operator in the cluster: nothing of that kind can exist.
        return List.of();
      }
      throw e;
    }
  }

  private Set<String> autoscaled() {
    Set<String> names = new TreeSet<>();
    for (HorizontalPodAutoscaler hpa :
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(namespace)
            .list()
            .getItems()) {
      var ref = hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
      if (ref != null && "Deployment".equals(ref.getKind())) {
        names.add(ref.getName());
      }
    }
    return names;
  }

  /**
   * A value edited by hand shows as {@link SecretMaterializer#EDITED} in place of the fingerprint.
   */
  private static Secret withoutData(Secret s) {
    SecretBuilder kept = new SecretBuilder(s).withData(null).withStringData(null);
    if (SecretMaterializer.fingerprint(s) != null
        && !SecretMaterializer.holdsWhatItsFingerprintSays(s)) {
      kept.editMetadata()
          .addToAnnotations(Labels.SECRET_FINGERPRINT, SecretMaterializer.EDITED)
          .endMetadata();
    }
    return kept.build();
  }
}
