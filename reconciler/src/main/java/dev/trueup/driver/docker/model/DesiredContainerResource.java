package dev.trueup.driver.docker.model;

import dev.trueup.diagnostic.SourceLocation;
import dev.trueup.render.DesiredResource;
import dev.trueup.render.ResourceKind;

/**
 * A container of a {@code runtime: container} service, as the docker driver creates it (named
 * {@code trueup-<service>}). Holds secret references only.
 */
public record DesiredContainerResource(DesiredContainer spec, SourceLocation origin)
    implements DesiredResource {
  @Override
  public String id() {
    return spec.name();
  }

  @Override
  public ResourceKind kind() {
    return ResourceKind.CONTAINER;
  }

  @Override
  public String essence() {
    return "container\0" + canonical();
  }

  /**
   * Everything that makes the container what it is, without the node's name: the same service on
   * two nodes gives the same text (what approvals and promotion compare).
   */
  public String canonical() {
    return String.join(
        "\n",
        "image=" + spec.image(),
        "command=" + String.join("\u0000", spec.command()),
        "env=" + spec.env(),
        "secret-env=" + spec.secretEnv(),
        "ports=" + spec.ports(),
        "volumes=" + spec.volumes(),
        "restart=" + spec.restart(),
        "health=" + spec.health().map(h -> h.text()).orElse(""),
        "network=" + spec.network().orElse(""));
  }
}
