package dev.trueup.render;

import java.util.List;

/**
 * How trueup recognizes what it owns on a node. Only files carrying the marker, found in the
 * managed directories, can ever be proposed for deletion.
 */
public final class Marker {
  private Marker() {}

  /** The first line of every file trueup generates. */
  public static final String LINE = "# managed by trueup: do not edit";

  /** Prefix of generated file names in shared system directories. */
  public static final String PREFIX = "trueup-";

  public static final String CRON_DIRECTORY = "/etc/cron.d";
  public static final String ALERT_RULES_DIRECTORY = "/etc/prometheus/rules";
  public static final String SYSTEMD_DIRECTORY = "/etc/systemd/system";
  public static final String SYSCTL_DIRECTORY = "/etc/sysctl.d";

  /**
   * The kernel parameters trueup keeps across reboots. Named with the prefix (so that a revision
   * without sysctl finds and removes it) and read after every numbered file of the directory, so
   * its values win over the distribution's.
   */
  public static final String SYSCTL_FILE = SYSCTL_DIRECTORY + "/" + PREFIX + "sysctl.conf";

  /** Directories the driver lists for marked files (orphans from earlier revisions). */
  public static final List<String> MANAGED_DIRECTORIES =
      List.of(CRON_DIRECTORY, ALERT_RULES_DIRECTORY, SYSTEMD_DIRECTORY, SYSCTL_DIRECTORY);
}
