package dev.trueup.driver.docker.model;

/**
 * What a container change does. A container is never changed in place: any difference recreates it.
 * (The plan's own {@code diff.Action} maps as CREATE → create, RECREATE → update, DELETE → delete;
 * this package cannot use it, as diff already depends on observe.)
 */
public enum ContainerAction {
  CREATE,
  RECREATE,
  DELETE
}
