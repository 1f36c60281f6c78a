package dev.trueup.render;

import dev.trueup.model.Node;

/**
 * One back end's part of rendering a node: the desired resources of its kinds, exactly as they
 * should be on the node. Pure; a resource that cannot be rendered is an error in {@code out}, never
 * an exception. Each driver's model package has one; {@code backend.BackEnds} lists them.
 */
public interface KindRenderer {

  /** Whether this back end manages anything on {@code node} (decided by its connection). */
  boolean renders(Node node);

  void render(Node node, RenderContext context, Resources out);
}
