package dev.trueup.source;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A plain directory as serve's source: every cycle counts as synced, so each poll reconciles the
 * directory's files against live state.
 */
public final class DirectorySync {
  private DirectorySync() {}

  public static Supplier<SyncResult> of(Path dir) {
    Revision revision =
        new Revision("working-tree", dir.toAbsolutePath().toString(), Optional.empty(), false);
    return () -> new SyncResult.Synced(revision);
  }
}
