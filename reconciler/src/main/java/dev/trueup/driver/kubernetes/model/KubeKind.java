package dev.trueup.driver.kubernetes.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The kinds of object trueup manages in a namespace, in the order they are applied. */
public enum KubeKind {
  SECRET("v1", "Secret", "secrets"),
  CONFIG_MAP("v1", "ConfigMap", "configmaps"),
  DEPLOYMENT("apps/v1", "Deployment", "deployments"),
  SERVICE("v1", "Service", "services"),
  CRON_JOB("batch/v1", "CronJob", "cronjobs"),
  PROMETHEUS_RULE("monitoring.coreos.com/v1", "PrometheusRule", "prometheusrules");

  private final String apiVersion;
  private final String kind;
  private final String plural;

  KubeKind(String apiVersion, String kind, String plural) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.plural = plural;
  }

  public String apiVersion() {
    return apiVersion;
  }

  public String kind() {
    return kind;
  }

  /**
   * Where the API serves this kind, stated here so that no discovery request is needed (the
   * PrometheusRule CRD in particular).
   */
  public ResourceDefinitionContext definition() {
    int slash = apiVersion.indexOf('/');
    return new ResourceDefinitionContext.Builder()
        .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
        .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  public static KubeKind of(HasMetadata object) {
    for (KubeKind k : values()) {
      if (k.kind.equals(object.getKind()) && k.apiVersion.equals(object.getApiVersion())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "trueup does not manage " + object.getApiVersion() + " " + object.getKind());
  }
}
