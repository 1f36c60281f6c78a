package dev.trueup.driver.docker.model;

import java.util.List;

/**
 * What trueup intends to do about one container: create it, recreate it ({@link Action#UPDATE}: a
 * container is never changed in place) or delete it. Field values are display text; a secret
 * variable shows as its reference, or as "changed", never as a value.
 */
public record ContainerChange(String name, ContainerAction action, List<ContainerField> fields) {
  public ContainerChange {
    fields = List.copyOf(fields);
  }
}
