package dev.trueup.driver.docker.model;

import java.util.Optional;

/**
 * One container field that differs, as display text (a secret variable as its reference or as
 * "changed", never a value). Empty means absent on that side.
 */
public record ContainerField(String field, Optional<String> desired, Optional<String> live) {

  public static ContainerField of(String field, String desired, String live) {
    return new ContainerField(field, Optional.ofNullable(desired), Optional.ofNullable(live));
  }
}
