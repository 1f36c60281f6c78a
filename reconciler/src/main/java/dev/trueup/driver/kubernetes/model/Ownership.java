package dev.trueup.driver.kubernetes.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Set;

/**
 * Which fields trueup claims, given what else lives in the namespace. Today: a Deployment an
 * autoscaler scales has no {@code spec.replicas} in trueup's object, so trueup neither compares nor
 * applies (and, under server-side apply, gives up) the replica count.
 */
public final class Ownership {

  private Ownership() {}

  public static HasMetadata claimed(HasMetadata desired, Set<String> autoscaled) {
    if (desired instanceof Deployment d && autoscaled.contains(d.getMetadata().getName())) {
      return new DeploymentBuilder(d).editSpec().withReplicas(null).endSpec().build();
    }
    return desired;
  }
}
