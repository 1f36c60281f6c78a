package dev.trueup.backend;

import dev.trueup.driver.docker.model.ContainerChanges;
import dev.trueup.driver.docker.model.ContainerResources;
import dev.trueup.driver.host.model.HostChanges;
import dev.trueup.driver.host.model.HostResources;
import dev.trueup.driver.kubernetes.model.KubernetesChanges;
import dev.trueup.driver.kubernetes.model.NamespaceResources;
import java.util.List;

/**
 * Every back end trueup has, in one table: the only place that names them all. A node's resources
 * are what each back end that manages it renders; its changes what each diffs, in this order (host
 * kinds, then containers, then kubernetes objects).
 */
public final class BackEnds {
  public static final List<BackEnd> ALL =
      List.of(
          new BackEnd("host (ssh, local)", new HostResources(), new HostChanges()),
          new BackEnd("docker", new ContainerResources(), new ContainerChanges()),
          new BackEnd("kubernetes", new NamespaceResources(), new KubernetesChanges()));

  private BackEnds() {}
}
