package dev.trueup.model;

import dev.trueup.model.value.FileMode;
import dev.trueup.model.value.NodePath;
import java.util.Optional;

/**
 * A file trueup keeps equal to its desired content, mode and ownership.
 *
 * @param restarts services of the node restarted when the file's content changes
 * @param reloads services of the node reloaded (or restarted, when they cannot reload) when it does
 */
public record ManagedFile(
    NodePath path,
    FileContent content,
    Optional<FileMode> mode,
    Optional<String> owner,
    Optional<String> group,
    Origins origins,
    java.util.List<String> restarts,
    java.util.List<String> reloads) {

  public ManagedFile {
    restarts = java.util.List.copyOf(restarts);
    reloads = java.util.List.copyOf(reloads);
  }

  /** A file that restarts nothing. */
  public ManagedFile(
      NodePath path,
      FileContent content,
      Optional<FileMode> mode,
      Optional<String> owner,
      Optional<String> group,
      Origins origins) {
    this(path, content, mode, owner, group, origins, java.util.List.of(), java.util.List.of());
  }
}
