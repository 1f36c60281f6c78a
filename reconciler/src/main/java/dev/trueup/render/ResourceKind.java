package dev.trueup.render;

/**
 * What kind of thing a desired resource or a change is about. The declaration order is the order a
 * plan lists (and apply performs) changes on one node: directories exist before the files in them,
 * unit files before the units that load them, containers after the files they may mount; kubernetes
 * objects only ever appear on kubernetes nodes, which have none of the others.
 */
public enum ResourceKind {
  DIRECTORY("directory"),
  FILE("file"),
  SCHEDULE("schedule"),
  ALERT_RULES("alert rules"),
  UNIT_FILE("unit file"),
  UNIT("unit"),
  CONTAINER("container"),
  /**
   * An object in a kubernetes node's namespace (Deployment, Service, CronJob, ConfigMap, Secret,
   * PrometheusRule), id {@code Kind/name}. A kubernetes node's services, schedules, files and
   * alerts all become objects, so they share this one kind rather than the file-based kinds.
   */
  KUBERNETES_OBJECT("kubernetes object");

  private final String label;

  ResourceKind(String label) {
    this.label = label;
  }

  /** How reports name the kind. */
  public String label() {
    return label;
  }

  /** The stable name used in plan JSON, e.g. {@code alert_rules}. */
  public String json() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static ResourceKind fromJson(String text) {
    return valueOf(text.toUpperCase(java.util.Locale.ROOT));
  }
}
