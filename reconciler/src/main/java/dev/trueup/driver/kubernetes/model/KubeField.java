package dev.trueup.driver.kubernetes.model;

import java.util.Optional;

/**
 * One owned field that differs, as display text; empty means absent on that side. A Secret's data
 * never appears: a changed value shows as "changed".
 *
 * @param path e.g. {@code spec.template.spec.containers[web].image}
 */
public record KubeField(String path, Optional<String> desired, Optional<String> live) {

  public static KubeField of(String path, String desired, String live) {
    return new KubeField(path, Optional.ofNullable(desired), Optional.ofNullable(live));
  }
}
