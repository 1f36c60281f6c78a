package dev.trueup.driver.host;

import dev.trueup.model.value.ReservedPaths;
import java.time.Duration;

/**
 * Deadlines and places of apply.
 *
 * @param script the apply (and rollback) script, from start to exit
 * @param backupDirectory where previous versions are kept on the node, one subdirectory per apply
 * @param killAfter test hook: the apply script kills itself after this many changes (0: never), as
 *     a process killed in the middle of an apply would stop
 * @param lockWait how long a script waits for the node lock another live script holds before the
 *     node fails with "another trueup apply is still running"
 */
public record ApplySettings(
    Duration script, String backupDirectory, int killAfter, Duration lockWait) {

  public static final String BACKUP_DIRECTORY = ReservedPaths.STATE_DIRECTORY + "/backup";

  public static ApplySettings defaults() {
    return new ApplySettings(Duration.ofSeconds(120), BACKUP_DIRECTORY, 0, Duration.ofSeconds(30));
  }

  ApplySettings killingAfter(int changes) {
    return new ApplySettings(script, backupDirectory, changes, lockWait);
  }

  ApplySettings waitingForTheLock(Duration wait) {
    return new ApplySettings(script, backupDirectory, killAfter, wait);
  }

  /** The lock wait in the script's polls of a tenth of a second (at least one). */
  int lockPolls() {
    return (int) Math.max(1, (lockWait.toMillis() + 99) / 100);
  }
}
