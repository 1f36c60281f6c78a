package dev.trueup.apply;

import java.time.Duration;

/**
 * Deadlines and places of apply.
 *
 * @param script the apply (and rollback) script, from start to exit
 * @param backupDirectory where previous versions are kept on the node, one subdirectory per apply
 * @param killAfter test hook: the apply script kills itself after this many changes (0: never), as
 *     a process killed in the middle of an apply would stop
 */
public record ApplySettings(Duration script, String backupDirectory, int killAfter) {

  public static final String BACKUP_DIRECTORY = "/var/lib/trueup/backup";

  public static ApplySettings defaults() {
    return new ApplySettings(Duration.ofSeconds(120), BACKUP_DIRECTORY, 0);
  }

  ApplySettings killingAfter(int changes) {
    return new ApplySettings(script, backupDirectory, changes);
  }
}
