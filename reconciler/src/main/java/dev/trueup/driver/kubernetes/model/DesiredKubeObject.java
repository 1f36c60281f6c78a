package dev.trueup.driver.kubernetes.model;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.ResourceKind;

/**
 * One object trueup wants in a kubernetes node's namespace, id {@code Kind/name}. Every object of
 * the node carries the same {@code namespace} (the whole desired namespace, which the driver diffs
 * at once); Secrets in it hold references only.
 *
 * @param canonical the object as text without the node's labels (what approvals compare)
 */
public record DesiredKubeObject(
    String id, DesiredNamespace namespace, String canonical, SourceLocation origin)
    implements DesiredResource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.KUBERNETES_OBJECT;
  }

  @Override
  public String essence() {
    return "kubernetes\0" + canonical;
  }
}
