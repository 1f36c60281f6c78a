package dev.trueup.driver.kubernetes.model;

import java.util.List;

/** What happened to one object when applying. Messages never carry a secret value. */
public sealed interface KubeOutcome {

  ObjectKey key();

  record Applied(ObjectKey key, KubeChange.Action action) implements KubeOutcome {}

  /**
   * Another field manager owns fields trueup wants to set; nothing was changed. Forcing is a policy
   * choice ({@link ConflictPolicy#FORCE}).
   */
  record Conflict(ObjectKey key, List<String> managers, List<String> fields, String message)
      implements KubeOutcome {
    public Conflict {
      managers = List.copyOf(managers);
      fields = List.copyOf(fields);
    }
  }

  record Failed(ObjectKey key, String message) implements KubeOutcome {}
}
