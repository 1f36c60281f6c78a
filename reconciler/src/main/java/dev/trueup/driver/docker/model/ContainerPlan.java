package dev.trueup.driver.docker.model;

import java.util.List;

/**
 * The container changes of one node, plus the names trueup wants that are taken by containers it
 * does not own (nothing is planned for those: a person has to move them).
 */
public record ContainerPlan(List<ContainerChange> changes, List<Conflict> conflicts) {

  public ContainerPlan {
    changes = List.copyOf(changes);
    conflicts = List.copyOf(conflicts);
  }

  public record Conflict(String name, String reason) {}
}
