package dev.trueup.render;

/**
 * What kind of thing a desired resource or a change is about. The declaration order is the order a
 * plan lists (and apply performs) changes on one node: packages first (a package may bring the
 * user, the directory or the binary the rest needs), groups before the users in them, users before
 * their keys and the paths they own, directories before the files in them, files before the sysctl
 * values and units that read them, unit files before the units that load them, containers after the
 * files they may mount; kubernetes objects only ever appear on kubernetes nodes, which have none of
 * the others.
 */
public enum ResourceKind {
  PACKAGE("package", "package"),
  GROUP("group", "group"),
  USER("user", "user"),
  AUTHORIZED_KEYS("authorized keys", "authorized_keys"),
  DIRECTORY("directory", "path"),
  FILE("file", "path"),
  SCHEDULE("schedule", "path"),
  CRONTAB("crontab", "crontab"),
  ALERT_RULES("alert rules", "path"),
  SYSCTL("sysctl", "sysctl"),
  UNIT_FILE("unit file", "path"),
  UNIT("unit", "unit"),
  /** The node's nftables table {@code inet trueup}: last, once what it lets in runs. */
  FIREWALL("firewall", "firewall"),
  CONTAINER("container", "container"),
  /**
   * An object in a kubernetes node's namespace (Deployment, Service, CronJob, ConfigMap, Secret,
   * PrometheusRule), id {@code Kind/name}. A kubernetes node's services, schedules, files and
   * alerts all become objects, so they share this one kind rather than the file-based kinds.
   */
  KUBERNETES_OBJECT("kubernetes object", "kubernetes_object");

  private final String label;
  private final String namespace;

  ResourceKind(String label, String namespace) {
    this.label = label;
    this.namespace = namespace;
  }

  /**
   * Ids are unique within a namespace on one node: every kind of path shares one (a schedule's cron
   * file cannot also be a user's file), while a user, a group and a package may share a name.
   */
  public String namespace() {
    return namespace;
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
