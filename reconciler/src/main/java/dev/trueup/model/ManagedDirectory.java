package dev.trueup.model;

import dev.trueup.model.value.FileMode;
import dev.trueup.model.value.NodePath;
import java.util.Optional;

/** A directory trueup makes sure exists, with its mode and ownership. */
public record ManagedDirectory(
    NodePath path,
    Optional<FileMode> mode,
    Optional<String> owner,
    Optional<String> group,
    Origins origins) {}
