package dev.trueup.driver.docker.model;

import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.model.Runtime;
import dev.trueup.model.Service;
import dev.trueup.render.KindRenderer;
import dev.trueup.render.RenderContext;
import dev.trueup.render.Resources;

/** The docker driver's kind, rendered: a container per {@code runtime: container} service. */
public final class ContainerResources implements KindRenderer {

  @Override
  public boolean renders(Node node) {
    return !(node.connection() instanceof Connection.Kubernetes);
  }

  @Override
  public void render(Node node, RenderContext context, Resources out) {
    for (Service s : node.services().values()) {
      if (s.runtime() == Runtime.CONTAINER && s.image().isPresent()) {
        out.add(
            new DesiredContainerResource(DesiredContainer.of(node.name(), s), s.origins().self()));
      }
    }
  }
}
