package dev.trueup.driver.kubernetes.model;

import java.util.Map;
import java.util.TreeMap;

/** The labels and annotations by which trueup marks, finds and compares what it owns. */
public final class Labels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String TRUEUP = "trueup";
  public static final String NODE = "dev.trueup/node";
  public static final String NAME = "app.kubernetes.io/name";

  /** The field manager of every server-side apply. */
  public static final String FIELD_MANAGER = "trueup";

  /** Secret: {@code KEY=secret-ref;...}, which reference fills which key (never a value). */
  public static final String SECRET_REFS = "dev.trueup/secret-refs";

  /**
   * Secret: a fingerprint of the resolved values, set at apply time only. It sits on the Secret
   * itself, readable only by those who may read the values anyway.
   */
  public static final String SECRET_FINGERPRINT = "dev.trueup/secret-fingerprint";

  /** ConfigMap: the node path of the managed file it carries. */
  public static final String FILE_PATH = "dev.trueup/path";

  /** ConfigMap: the file's mode, when one is declared. */
  public static final String FILE_MODE = "dev.trueup/mode";

  /** CronJob: the user the schedule names (recorded; Kubernetes runs as the image's user). */
  public static final String SCHEDULE_USER = "dev.trueup/user";

  private Labels() {}

  /** The ownership labels of an object of {@code node}. */
  public static Map<String, String> owned(String node) {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put(MANAGED_BY, TRUEUP);
    labels.put(NODE, node);
    return labels;
  }

  /** The selector that finds every object trueup made for {@code node}. */
  public static String selector(String node) {
    return MANAGED_BY + "=" + TRUEUP + "," + NODE + "=" + node;
  }

  /** Whether these labels mark an object trueup made for {@code node}. */
  public static boolean ownedBy(Map<String, String> labels, String node) {
    return labels != null && TRUEUP.equals(labels.get(MANAGED_BY)) && node.equals(labels.get(NODE));
  }
}
