package dev.trueup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where {@code trueup plan --out} writes: an existing, writable directory; never half a plan. */
final class PlanFile {
  private PlanFile() {}

  /** Refuses a target that cannot be written, before anything is planned. */
  static void checkWritable(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    if (Files.isDirectory(target)) {
      throw new CommandFailure("cannot save the plan to " + target + ": it is a directory");
    }
    if (!Files.exists(dir)) {
      throw new CommandFailure(
          "cannot save the plan to " + target + ": directory " + dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new CommandFailure(
          "cannot save the plan to " + target + ": " + dir + " is not a directory");
    }
    if (!Files.isWritable(dir)) {
      throw new CommandFailure(
          "cannot save the plan to " + target + ": directory " + dir + " is not writable");
    }
  }

  /** Written beside the target and moved into place, so a reader never sees half a plan. */
  static void save(Path target, String json) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, ".plan-", ".json");
      Files.writeString(temp, json);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CommandFailure(
          "cannot save the plan to " + target + ": " + FailurePrinter.describe(e));
    } finally {
      deleteQuietly(temp);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // Only a leftover temporary file; the error that matters was already reported.
    }
  }
}
