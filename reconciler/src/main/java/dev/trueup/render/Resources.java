package dev.trueup.render;

import dev.trueup.diagnostic.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's resources as its back ends render them, by id; a second resource at the same id is an
 * error naming the first, not a silent win (two back ends, or a user file at a generated path).
 */
public final class Resources {
  private final Map<String, DesiredResource> byId = new LinkedHashMap<>();
  private final List<RenderError> errors = new ArrayList<>();

  public void add(DesiredResource r) {
    DesiredResource earlier = byId.putIfAbsent(r.kind().namespace() + "\0" + r.id(), r);
    if (earlier != null) {
      error(
          r.id(),
          r.origin(),
          r.id()
              + " is already managed as a "
              + earlier.kind().label()
              + " ("
              + earlier.origin()
              + ")");
    }
  }

  public void error(String path, SourceLocation origin, String message) {
    errors.add(new RenderError(Optional.of(path), origin, message));
  }

  /** An error of the node as a whole, not of one path. */
  public void nodeError(SourceLocation origin, String message) {
    errors.add(new RenderError(Optional.empty(), origin, message));
  }

  public List<DesiredResource> resources() {
    return List.copyOf(byId.values());
  }

  public List<RenderError> errors() {
    return List.copyOf(errors);
  }
}
