package dev.trueup.model;

import dev.trueup.model.value.FileMode;
import dev.trueup.model.value.NodePath;
import java.util.Optional;

/** A file trueup keeps equal to its desired content, mode and ownership. */
public record ManagedFile(
    NodePath path,
    FileContent content,
    Optional<FileMode> mode,
    Optional<String> owner,
    Optional<String> group,
    Origins origins) {}
