package dev.trueup.render;

import dev.trueup.diagnostic.SourceLocation;
import java.util.Optional;

/**
 * A resource that could not be rendered (a template error, a missing source file). The node's other
 * resources are still planned; the path it would have had is never proposed for deletion.
 *
 * @param path the node path the resource would have been written to, when known
 */
public record RenderError(Optional<String> path, SourceLocation origin, String message) {}
