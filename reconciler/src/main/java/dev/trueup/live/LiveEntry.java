package dev.trueup.live;

import java.util.Optional;

/** What is at a path on a node. */
public sealed interface LiveEntry {

  record Missing() implements LiveEntry {}

  /**
   * A regular file. {@code content} is present when the file is small enough to diff (the driver
   * caps it); the hash always covers the whole file.
   *
   * @param managed whether the file carries trueup's marker (only such files may be deleted)
   */
  record File(
      String sha256,
      long size,
      String mode,
      String owner,
      String group,
      boolean managed,
      Optional<byte[]> content)
      implements LiveEntry {}

  record Directory(String mode, String owner, String group) implements LiveEntry {}

  /** A symlink, socket, device, ...: never written through, reported as a conflict. */
  record Other(String type) implements LiveEntry {}
}
