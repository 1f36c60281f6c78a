package dev.trueup.driver.kubernetes.model;

import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.DesiredResource.DesiredFile;
import dev.trueup.render.KindRenderer;
import dev.trueup.render.RenderContext;
import dev.trueup.render.RenderError;
import dev.trueup.render.Resources;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kubernetes driver's kind, rendered: files are rendered as on a host (their content goes into
 * ConfigMaps), then the builders turn services, schedules, files and alerts into the namespace's
 * objects. What a namespace cannot express is a render error of the node.
 */
public final class NamespaceResources implements KindRenderer {

  @Override
  public boolean renders(Node node) {
    return node.connection() instanceof Connection.Kubernetes;
  }

  @Override
  public void render(Node node, RenderContext context, Resources out) {
    Connection.Kubernetes k = (Connection.Kubernetes) node.connection();
    Resources files = new Resources();
    node.files().values().forEach(f -> context.userFile(node, f, files));
    Map<String, byte[]> content = new LinkedHashMap<>();
    for (DesiredResource r : files.resources()) {
      if (r instanceof DesiredFile f) {
        content.put(f.path(), f.content());
      }
    }
    for (RenderError e : files.errors()) {
      e.path()
          .ifPresentOrElse(
              p -> out.error(p, e.origin(), e.message()),
              () -> out.nodeError(e.origin(), e.message()));
    }
    if (!files.errors().isEmpty()) {
      return;
    }
    try {
      DesiredNamespace namespace = DesiredNamespace.of(node, content, k.jobImage());
      for (String id : namespace.ids()) {
        out.add(
            new DesiredKubeObject(id, namespace, namespace.canonical(id), node.origins().self()));
      }
    } catch (RuntimeException e) {
      out.nodeError(node.origins().self(), "kubernetes: " + e.getMessage());
    }
  }
}
